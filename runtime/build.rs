use std::{env, fs, path::PathBuf};

fn main() {
	// The spec version can be raised at build time for upgrade tests: the `runtime_version`
	// macro needs a literal, so it is written here.
	println!("cargo:rerun-if-env-changed=DTAO_SPEC_VERSION");
	let spec_version: u32 = match env::var("DTAO_SPEC_VERSION") {
		Ok(v) => v.parse().expect("DTAO_SPEC_VERSION must be a number"),
		Err(_) => 101,
	};
	let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
	fs::write(
		out.join("version.rs"),
		format!(
			r#"/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {{
	spec_name: alloc::borrow::Cow::Borrowed("dtao"),
	impl_name: alloc::borrow::Cow::Borrowed("dtao-node"),
	authoring_version: 1,
	spec_version: {spec_version},
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
}};
"#
		),
	)
	.expect("write version.rs");

	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
