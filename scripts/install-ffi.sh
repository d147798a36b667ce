#!/usr/bin/env bash
# Builds libkaotang and installs it under PREFIX: include/kaotang.h, lib/libkaotang.so,
# lib/libkaotang.a and lib/pkgconfig/kaotang.pc, so that
#
#   cc app.c $(PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs kaotang)
#
# works (add -Wl,-rpath,PREFIX/lib, or set LD_LIBRARY_PATH, when PREFIX/lib is not a system
# library folder; `pkg-config --static` links libkaotang.a instead).
#
#   bash scripts/install-ffi.sh PREFIX           # release build
#   KAOTANG_PROFILE=debug bash scripts/install-ffi.sh PREFIX   # faster build, for tests
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 PREFIX" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
prefix=$(mkdir -p "$1" && cd "$1" && pwd)
profile=${KAOTANG_PROFILE:-release}
case "$profile" in
  release) cargo build --release --locked --quiet -p kaotang-ffi ;;
  debug) cargo build --locked --quiet -p kaotang-ffi ;;
  *) echo "KAOTANG_PROFILE must be release or debug" >&2; exit 2 ;;
esac
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 include/kaotang.h "$prefix/include/kaotang.h"
install -m 755 "target/$profile/libkaotang.so" "$prefix/lib/libkaotang.so"
install -m 644 "target/$profile/libkaotang.a" "$prefix/lib/libkaotang.a"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" crates/kaotang-ffi/kaotang.pc.in \
  > "$prefix/lib/pkgconfig/kaotang.pc"
echo "installed libkaotang $version under $prefix"
