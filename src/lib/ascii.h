/*
 * ascii.h - ASCII character classes and case, never the locale's: the
 * locale must not change what a time, a ticket, a slug or a key is.
 */
#ifndef AM_ASCII_H
#define AM_ASCII_H

#include <stdbool.h>

static inline bool
ascii_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static inline bool
ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool
ascii_is_alnum(int c)
{
	return ascii_is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* c in lower case when it is an ASCII capital letter, else c. */
static inline int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

#endif
