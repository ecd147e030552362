/*
 * ascii.h - ASCII character classes for the body readers and the anchor
 * maker: the locale must not change what a time, a ticket or a slug is.
 */
#ifndef AM_ASCII_H
#define AM_ASCII_H

#include <stdbool.h>

static inline bool
md_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static inline bool
md_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool
md_is_alnum(int c)
{
	return md_is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

#endif
