#!/usr/bin/env bash
# Install what the build needs, only when it is missing. Safe to run again.
set -euo pipefail

need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler)
command -v make >/dev/null 2>&1 || need+=(make)
dpkg -s libssl-dev >/dev/null 2>&1 || need+=(libssl-dev)
dpkg -s pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# The Python clients' virtualenv (make clients-deps): Debian's own python3 makes one only with
# python3-venv (its ensurepip); another python3 (pyenv, a python.org build) has its own.
if [ "$(python3 -c 'import sys; print(sys.base_prefix)' 2>/dev/null)" = /usr ] && ! dpkg -s python3-venv >/dev/null 2>&1; then
	need+=(python3-venv)
fi
if [ ${#need[@]} -gt 0 ]; then
	echo "deps: installing ${need[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

# rust-toolchain.toml names the toolchain, its components and the wasm target; make sure they
# are installed even where rustup does not install them on its own.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
rustup toolchain install "$toolchain" --profile minimal --no-self-update >/dev/null 2>&1 || true
rustup component add --toolchain "$toolchain" rust-src clippy rustfmt >/dev/null
rustup target add --toolchain "$toolchain" wasm32v1-none >/dev/null
