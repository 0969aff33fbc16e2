#!/usr/bin/env bash
# Compiles the tree-sitter core with gcc -O2 from the npm package's vendored sources, because the
# prebuilt core in io.github.bonede:tree-sitter parses about 3x slower. Any failure (no npm, no gcc,
# no registry) only prints a note: the runtime then falls back to the prebuilt core on the class path.
# The same library carries src/main/c/syntax_walk.c (a one-call tree walk; see PythonParser).
# Usage: native-core.sh NPM_SPEC WORK_DIR OUT_DIR WALK_C
set -u
spec=$1 work=$2 out=$3 walk=$4
os=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m)
case "$arch" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch64 ;; esac
case "$os" in linux) lib=libtree-sitter.so ;; darwin) os=macos; lib=libtree-sitter.dylib ;; *) echo "native-core: no compiled core for $os; using the prebuilt one"; exit 0 ;; esac
target="$out/$os-$arch/$lib"
[ -f "$target" ] && [ "$target" -nt "$walk" ] && exit 0
mkdir -p "$work" "$out/$os-$arch"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/asyncdoctor-build"
mkdir -p "$cache"
tgz=$(ls "$cache"/tree-sitter-*.tgz 2>/dev/null | head -1)
if [ -z "$tgz" ]; then
  if ! command -v npm >/dev/null 2>&1; then echo "native-core: npm not found; using the prebuilt core"; exit 0; fi
  (cd "$cache" && npm pack --silent "$spec" >/dev/null 2>&1) || { echo "native-core: npm pack $spec failed; using the prebuilt core"; exit 0; }
  tgz=$(ls "$cache"/tree-sitter-*.tgz 2>/dev/null | head -1)
fi
rm -rf "$work/package" && tar xzf "$tgz" -C "$work" || { echo "native-core: cannot unpack $tgz"; exit 0; }
src="$work/package/vendor/tree-sitter/lib"
cc=${CC:-gcc}
command -v "$cc" >/dev/null 2>&1 || { echo "native-core: $cc not found; using the prebuilt core"; exit 0; }
if "$cc" -O2 -DNDEBUG -fPIC -shared -std=gnu11 -I"$src/include" -I"$src/src" "$src/src/lib.c" "$walk" -o "$target.tmp" 2>"$work/cc.log"; then
  mv "$target.tmp" "$target" && echo "native-core: compiled $target"
else
  echo "native-core: compile failed (see $work/cc.log); using the prebuilt core"
fi
exit 0
