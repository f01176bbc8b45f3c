//! Storage migrations, one module per version step. Each is a `VersionedMigration`: it runs
//! only when the on-chain storage version is its `FROM`, and sets it to its `TO`, so running it
//! twice changes nothing. The runtime lists them in its `Migrations`.

pub mod v1;
pub mod v2;
pub mod v3;
