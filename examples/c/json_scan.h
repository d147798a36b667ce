/* A minimal JSON scanner for the example and the C tests: finds a value by key or index and
 * hands back its exact text (so the tests compare outputs with the shared vectors byte for
 * byte), or decodes a string. It trusts its input (libkaotang's output, this repository's
 * files) but never reads past a NUL. An app would use its own JSON library instead. */
#ifndef KT_JSON_SCAN_H
#define KT_JSON_SCAN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline const char *js_ws(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

/* The end of the value that starts at p (after whitespace), or NULL when malformed. */
static inline const char *js_skip(const char *p) {
  p = js_ws(p);
  if (*p == '"') {
    for (p++; *p && *p != '"'; p++)
      if (*p == '\\' && p[1]) p++;
    return *p == '"' ? p + 1 : NULL;
  }
  if (*p == '{' || *p == '[') {
    int depth = 0;
    for (; *p; p++) {
      if (*p == '"') {
        p = js_skip(p);
        if (!p) return NULL;
        p--;
      } else if (*p == '{' || *p == '[') {
        depth++;
      } else if (*p == '}' || *p == ']') {
        if (--depth == 0) return p + 1;
      }
    }
    return NULL;
  }
  if (!*p) return NULL;
  while (*p && !strchr(",}] \n\r\t", *p)) p++;
  return p;
}

/* The value of `key` in the object at obj: sets *v and returns its length (0: absent). */
static inline size_t js_get(const char *obj, const char *key, const char **v) {
  const char *p = js_ws(obj);
  if (*p != '{') return 0;
  p = js_ws(p + 1);
  size_t klen = strlen(key);
  while (*p == '"') {
    const char *kend = js_skip(p);
    if (!kend) return 0;
    int match = (size_t)(kend - p - 2) == klen && strncmp(p + 1, key, klen) == 0;
    p = js_ws(kend);
    if (*p != ':') return 0;
    p = js_ws(p + 1);
    const char *end = js_skip(p);
    if (!end) return 0;
    if (match) {
      *v = p;
      return (size_t)(end - p);
    }
    p = js_ws(end);
    if (*p == ',') p = js_ws(p + 1);
  }
  return 0;
}

/* Element i of the array at arr: sets *v and returns its length (0: no such element). */
static inline size_t js_at(const char *arr, size_t i, const char **v) {
  const char *p = js_ws(arr);
  if (*p != '[') return 0;
  p = js_ws(p + 1);
  for (size_t n = 0; *p && *p != ']'; n++) {
    const char *end = js_skip(p);
    if (!end) return 0;
    if (n == i) {
      *v = p;
      return (size_t)(end - p);
    }
    p = js_ws(end);
    if (*p == ',') p = js_ws(p + 1);
  }
  return 0;
}

static inline int js_is_null(const char *v) { return strncmp(js_ws(v), "null", 4) == 0; }

/* A copy of n bytes as a NUL-terminated string (free it). */
static inline char *js_dup(const char *v, size_t n) {
  char *s = malloc(n + 1);
  if (!s) abort();
  memcpy(s, v, n);
  s[n] = '\0';
  return s;
}

static inline void js_utf8(char **o, uint32_t c) {
  char *q = *o;
  if (c < 0x80) {
    *q++ = (char)c;
  } else if (c < 0x800) {
    *q++ = (char)(0xC0 | (c >> 6));
    *q++ = (char)(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *q++ = (char)(0xE0 | (c >> 12));
    *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
    *q++ = (char)(0x80 | (c & 0x3F));
  } else {
    *q++ = (char)(0xF0 | (c >> 18));
    *q++ = (char)(0x80 | ((c >> 12) & 0x3F));
    *q++ = (char)(0x80 | ((c >> 6) & 0x3F));
    *q++ = (char)(0x80 | (c & 0x3F));
  }
  *o = q;
}

/* The decoded text of the JSON string at v (free it); NULL when v is not a string. */
static inline char *js_str(const char *v) {
  v = js_ws(v);
  const char *end = js_skip(v);
  if (*v != '"' || !end) return NULL;
  char *s = malloc((size_t)(end - v) + 1);
  if (!s) abort();
  char *o = s;
  for (const char *p = v + 1; p < end - 1; p++) {
    if (*p != '\\') {
      *o++ = *p;
      continue;
    }
    p++;
    switch (*p) {
      case 'n': *o++ = '\n'; break;
      case 't': *o++ = '\t'; break;
      case 'r': *o++ = '\r'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'u': {
        char hex[5] = {p[1], p[2], p[3], p[4], 0};
        uint32_t c = (uint32_t)strtoul(hex, NULL, 16);
        p += 4;
        if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
          char low[5] = {p[3], p[4], p[5], p[6], 0};
          uint32_t lo = (uint32_t)strtoul(low, NULL, 16);
          c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
          p += 6;
        }
        js_utf8(&o, c);
        break;
      }
      default: *o++ = *p; break;
    }
  }
  *o = '\0';
  return s;
}

#endif
