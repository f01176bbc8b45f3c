//! Storage migrations, one module per version step. Each is a [`versioned::VersionedStep`]: it runs only
//! when the on-chain storage version is its `FROM`, and moves the version to its `TO` only when
//! its step succeeds, so running it twice changes nothing. A step that cannot read the old
//! layout writes nothing, logs an error and leaves the version at `FROM` (its try-runtime check
//! fails loudly): the chain never runs on silently defaulted storage. The runtime lists them in
//! its `Migrations`.

pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;
pub mod v5;
pub mod v6;
pub mod versioned;
