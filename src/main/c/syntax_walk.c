// Parses one file and flattens its syntax tree into an int array in a single native call.
// Walking the tree from Java costs about ten foreign calls per node (symbol, field, flags, offsets,
// cursor moves); across a large tree that was more than the parse itself. Compiled into the same
// library as the tree-sitter core by src/build/native-core.sh; without it the Java walk is used.
#include <stdint.h>
#include <stdlib.h>
#include "tree_sitter/api.h"

// Ints per node, in pre-order: symbol, field id, flags, start byte, end byte, depth.
#define AD_WALK_STRIDE 6
#define AD_FLAG_NAMED 1
#define AD_FLAG_ERROR 2
#define AD_FLAG_MISSING 4
#define AD_FLAG_TREE_HAS_ERROR 8

TSParser *ad_parser_new(const TSLanguage *language) {
    TSParser *p = ts_parser_new();
    if (p && !ts_parser_set_language(p, language)) {
        ts_parser_delete(p);
        return NULL;
    }
    return p;
}

void ad_parser_delete(TSParser *p) { ts_parser_delete(p); }

void ad_free(void *buffer) { free(buffer); }

// Parses UTF-16LE text and stores a malloc'ed node array in *out (release with ad_free).
// Returns the node count, or -1 when parsing or allocation failed.
int32_t ad_parse_walk(TSParser *parser, const char *text, uint32_t byte_length, int32_t **out) {
    *out = NULL;
    TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, text, byte_length, TSInputEncodingUTF16LE);
    if (!tree) return -1;
    size_t cap = 1024, n = 0;
    int32_t *buf = malloc(cap * AD_WALK_STRIDE * sizeof(int32_t));
    if (!buf) { ts_tree_delete(tree); return -1; }
    TSNode root = ts_tree_root_node(tree);
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    int32_t depth = 0;
    int32_t tree_error = ts_node_has_error(root) ? AD_FLAG_TREE_HAS_ERROR : 0;
    for (;;) {
        if (n == cap) {
            cap *= 2;
            int32_t *grown = realloc(buf, cap * AD_WALK_STRIDE * sizeof(int32_t));
            if (!grown) { free(buf); ts_tree_cursor_delete(&cursor); ts_tree_delete(tree); return -1; }
            buf = grown;
        }
        TSNode node = ts_tree_cursor_current_node(&cursor);
        int32_t *rec = buf + n * AD_WALK_STRIDE;
        rec[0] = ts_node_symbol(node);
        rec[1] = ts_tree_cursor_current_field_id(&cursor);
        rec[2] = (ts_node_is_named(node) ? AD_FLAG_NAMED : 0) | (ts_node_is_error(node) ? AD_FLAG_ERROR : 0)
                 | (ts_node_is_missing(node) ? AD_FLAG_MISSING : 0) | (n == 0 ? tree_error : 0);
        rec[3] = (int32_t) ts_node_start_byte(node);
        rec[4] = (int32_t) ts_node_end_byte(node);
        rec[5] = depth;
        n++;
        if (ts_tree_cursor_goto_first_child(&cursor)) { depth++; continue; }
        int done = 0;
        while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (!ts_tree_cursor_goto_parent(&cursor)) { done = 1; break; }
            depth--;
        }
        if (done) break;
    }
    ts_tree_cursor_delete(&cursor);
    ts_tree_delete(tree);
    *out = buf;
    return (int32_t) n;
}
