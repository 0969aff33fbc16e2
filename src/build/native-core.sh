#!/usr/bin/env bash
# Compiles the tree-sitter core and the tree-sitter-python grammar with gcc -O2 from their npm
# packages' sources. The prebuilt core in io.github.bonede:tree-sitter parses about 3x slower; the
# grammar compiled here with hidden symbols (its calls stay inside the library) parses about 15%
# faster than the prebuilt one in io.github.bonede:tree-sitter-python (same grammar version).
# Any failure (no npm, no gcc, no registry) only prints a note: the runtime then falls back to the
# prebuilt library on the class path, each library on its own.
# The core library also carries src/main/c/syntax_walk.c (a one-call tree walk; see PythonParser).
# Usage: native-core.sh CORE_NPM_SPEC GRAMMAR_NPM_SPEC WORK_DIR OUT_DIR WALK_C
set -u
core_spec=$1 grammar_spec=$2 work=$3 out=$4 walk=$5
os=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m)
case "$arch" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch64 ;; esac
case "$os" in linux) ext=so ;; darwin) os=macos; ext=dylib ;; *) echo "native-core: no compiled libraries for $os; using the prebuilt ones"; exit 0 ;; esac
cache="${XDG_CACHE_HOME:-$HOME/.cache}/asyncdoctor-build"
mkdir -p "$work" "$out/$os-$arch" "$cache"
cc=${CC:-gcc}

# Unpacks the npm package NAME@VERSION into $work/NAME (the tarball is kept in $cache); prints the folder.
unpack() {
  local spec=$1 name=${1%@*} version=${1##*@}
  local tgz="$cache/$name-$version.tgz"
  if [ ! -f "$tgz" ]; then
    command -v npm >/dev/null 2>&1 || { echo "native-core: npm not found" >&2; return 1; }
    (cd "$cache" && npm pack --silent "$spec" >/dev/null 2>&1) && [ -f "$tgz" ] || { echo "native-core: npm pack $spec failed" >&2; return 1; }
  fi
  rm -rf "$work/$name" && mkdir -p "$work/$name" && tar xzf "$tgz" -C "$work/$name" || { echo "native-core: cannot unpack $tgz" >&2; return 1; }
  echo "$work/$name/package"
}

# Builds TARGET from the remaining arguments (compiler flags and sources), atomically.
build() {
  local target=$1; shift
  command -v "$cc" >/dev/null 2>&1 || { echo "native-core: $cc not found; using the prebuilt library"; return 0; }
  if "$cc" -O2 -DNDEBUG -fPIC -shared -std=gnu11 "$@" -o "$target.tmp" 2>"$work/cc.log"; then
    mv "$target.tmp" "$target" && echo "native-core: compiled $target"
  else
    echo "native-core: compile failed (see $work/cc.log); using the prebuilt library"
  fi
}

core="$out/$os-$arch/libtree-sitter.$ext"
if ! { [ -f "$core" ] && [ "$core" -nt "$walk" ]; }; then
  if pkg=$(unpack "$core_spec"); then
    src="$pkg/vendor/tree-sitter/lib"
    build "$core" -I"$src/include" -I"$src/src" "$src/src/lib.c" "$walk"
  else
    echo "native-core: using the prebuilt core"
  fi
fi

grammar="$out/$os-$arch/libtree-sitter-python.$ext"
# Rebuilt when the wanted version changes (the stamp names the one it was built from).
stamp="$work/grammar.spec"
if ! { [ -f "$grammar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$grammar_spec" ]; }; then
  if pkg=$(unpack "$grammar_spec"); then
    build "$grammar" -fvisibility=hidden -I"$pkg/src" "$pkg/src/parser.c" "$pkg/src/scanner.c"
    [ -f "$grammar" ] && echo "$grammar_spec" > "$stamp"
  else
    echo "native-core: using the prebuilt grammar"
  fi
fi
exit 0
