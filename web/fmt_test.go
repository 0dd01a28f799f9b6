package web_test

import (
	"fmt"
	"strconv"
)

func sprintf(format string, v any) string { return fmt.Sprintf(format, v) }

func strconvQuote(s string) string { return strconv.Quote(s) }
