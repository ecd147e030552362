/*
 * utf8.h - the one place that knows how UTF-8 is built.
 *
 * Every stage that looks inside text asks here: the loader validating a
 * record, the history walk cleaning what git hands over, the search index
 * splitting words, the terminal measuring columns, and every "cut at n
 * bytes" that must not split a character. The policy is strict, as the
 * Unicode standard asks: overlong forms, surrogates and code points past
 * U+10FFFF are invalid.
 */
#ifndef AM_UTF8_H
#define AM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* What utf8_decode returns for a byte that starts no valid sequence. */
#define UTF8_INVALID UINT32_MAX

/*
 * The code point at s[0..n) (n > 0) and the length of its sequence in
 * *len. An invalid or truncated sequence returns UTF8_INVALID with *len
 * set to 1, so that a caller steps over one bad byte at a time. In a
 * NUL-terminated string n may be 4 whatever is left: the NUL ends any
 * sequence before it is read past.
 */
uint32_t utf8_decode(const char *s, size_t n, size_t *len);

/* The offset of the first invalid sequence in s[0..n), or n when all of
 * it is valid UTF-8. */
size_t utf8_invalid_at(const char *s, size_t n);

/*
 * A copy of s[0..n) that is valid UTF-8 and printable: each invalid byte
 * and each control character other than tab and newline, C0 or C1 (an
 * XML error, a terminal escape), becomes U+FFFD. The caller frees it.
 */
char *utf8_sanitize(const char *s, size_t n);

/* The largest k <= n at which s can be cut without splitting a
 * character: s[n] (the first byte cut off) must be readable. */
size_t utf8_floor(const char *s, size_t n);

/* Characters (code points) in the NUL-terminated valid UTF-8 s: what a
 * terminal column count approximates. */
size_t utf8_width(const char *s);

#endif
