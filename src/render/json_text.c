/*
 * json_text.c - jansson trees as published JSON text (json_text.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/escape.h"
#include "render/json_text.h"

/* A line break and the indent of depth levels. */
static void
newline(buf *b, int depth)
{
	buf_addc(b, '\n');
	for (int i = 0; i < depth; i++)
		buf_add(b, "  ", 2);
}

/*
 * A real as jansson writes it with JSON_REAL_PRECISION(10): "%.10g",
 * ".0" added when the text would read back as an integer, and the
 * exponent without its '+' or leading zeros. The C locale is assumed
 * (the program never sets another).
 */
static void
real(buf *b, double v)
{
	char s[64];
	char *e;

	snprintf(s, sizeof(s), "%.10g", v);
	if (strchr(s, '.') == NULL && strchr(s, 'e') == NULL)
		strcat(s, ".0");
	if ((e = strchr(s, 'e')) != NULL) {
		char *from, *to = e + 1;

		if (*to == '-')
			to++;
		/* "%g" writes an exponent only when it is below -4 or at
		 * least the precision, so a digit other than 0 remains */
		for (from = to; *from == '+' || *from == '0'; from++)
			;
		memmove(to, from, strlen(from) + 1);
	}
	buf_adds(b, s);
}

void
json_text_append(buf *b, const json_t *j, int depth)
{
	const char *key;
	json_t *v;
	size_t i, n;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		if (json_object_size(j) == 0) {
			buf_adds(b, "{}");
			return;
		}
		buf_addc(b, '{');
		i = 0;
		json_object_foreach((json_t *)j, key, v) {
			if (i++ > 0)
				buf_addc(b, ',');
			newline(b, depth + 1);
			esc_json_string(b, key, strlen(key));
			buf_add(b, ": ", 2);
			json_text_append(b, v, depth + 1);
		}
		newline(b, depth);
		buf_addc(b, '}');
		return;
	case JSON_ARRAY:
		if ((n = json_array_size(j)) == 0) {
			buf_adds(b, "[]");
			return;
		}
		buf_addc(b, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			newline(b, depth + 1);
			json_text_append(b, json_array_get(j, i), depth + 1);
		}
		newline(b, depth);
		buf_addc(b, ']');
		return;
	case JSON_STRING:
		esc_json_string(b, json_string_value(j), json_string_length(j));
		return;
	case JSON_INTEGER:
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return;
	case JSON_REAL:
		real(b, json_real_value(j));
		return;
	case JSON_TRUE:
		buf_adds(b, "true");
		return;
	case JSON_FALSE:
		buf_adds(b, "false");
		return;
	case JSON_NULL:
		buf_adds(b, "null");
		return;
	}
}

char *
json_text(const json_t *j)
{
	buf b = { 0 };

	if (j == NULL || (!json_is_object(j) && !json_is_array(j)))
		return NULL;
	json_text_append(&b, j, 0);
	buf_addc(&b, '\n');
	return buf_detach(&b);
}
