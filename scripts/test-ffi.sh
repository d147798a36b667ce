#!/usr/bin/env bash
# libkaotang from C: the header is regenerated and diffed, then the C tests (every export,
# error paths, the shared vectors) are built with -std=c11 -Wall -Wextra -Werror and run under
# AddressSanitizer + UBSan and under valgrind (0 errors, 0 leaks), and the example compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v valgrind >/dev/null 2>&1 || need_apt+=(valgrind)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== include/kaotang.h is what cbindgen generates"
cargo test -p kaotang-ffi --locked --quiet header

echo "== cargo build -p kaotang-ffi"
cargo build -p kaotang-ffi --locked --quiet
lib=target/debug
out=target/c-tests
mkdir -p "$out"
CFLAGS=(-std=c11 -Wall -Wextra -Werror -g -Iinclude -Iexamples/c)
LIBS=(-lpthread -ldl -lm)

echo "== C tests under AddressSanitizer + UBSan"
cc "${CFLAGS[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
  tests/c/test_kaotang.c "$lib/libkaotang.a" "${LIBS[@]}" -o "$out/test_kaotang_asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$out/test_kaotang_asan" tests/vectors

echo "== C tests under valgrind (shared library)"
cc "${CFLAGS[@]}" tests/c/test_kaotang.c -L"$lib" -lkaotang "${LIBS[@]}" -o "$out/test_kaotang"
LD_LIBRARY_PATH="$lib" valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 \
  "$out/test_kaotang" tests/vectors

echo "== install under a temporary prefix; examples built with pkg-config"
prefix="$PWD/$out/prefix"
KAOTANG_PROFILE=debug bash scripts/install-ffi.sh "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
cc -std=c11 -Wall -Wextra -Werror examples/c/hello.c $(pkg-config --cflags --libs kaotang) \
  -Wl,-rpath,"$prefix/lib" -o "$out/hello"
"$out/hello" | grep -q "答 A：得分"
cc -std=c11 -Wall -Wextra -Werror examples/c/kaotang-demo.c $(pkg-config --cflags --libs kaotang) \
  -Wl,-rpath,"$prefix/lib" -o "$out/kaotang-demo"

echo "== examples/c/kaotang-demo: closed input, a 微考堂 to the end, the log and a session resumed"
log="$out/demo.log"
rm -f "$log" "$log.session"
demo() { "$out/kaotang-demo" "$log" >"$out/demo.txt"; }
demo </dev/null
grep -q "再见" "$out/demo.txt"
# Ten answers of 不会 (an empty line) finish the 微考堂; each is in the log before its feedback.
printf '1\n\n\n\n\n\n\n\n\n\n\nq\n' | demo
grep -q "交卷：得分 0.0 / 100，答对 0 / 10 题" "$out/demo.txt"
[ "$(wc -l <"$log")" = 10 ]
demo </dev/null
grep -q "学习记录 10 条" "$out/demo.txt"
# Input ends in the middle of a 挑战答题: the session is saved and the next run resumes it.
printf '2\n' | demo
grep -q "已保存，下次运行时继续" "$out/demo.txt"
[ -f "$log.session" ]
printf '\n' | demo
grep -q "继续上次未完成的练习" "$out/demo.txt"
[ "$(wc -l <"$log")" = 11 ]
echo "libkaotang: all C checks passed"
