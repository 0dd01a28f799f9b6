// Package wire is the JSON plumbing of the generated packages and of rtm's
// frame decoder: a validating scanner (Valid, SkipValue, ScanString), a
// one-pass Decoder of JSON known to be valid with readers of scalars,
// slices, maps and untyped values (Read*), and writers (Append*). Everything has encoding/json's semantics
// (the same inputs accepted, the same values decoded, the same bytes
// written: numbers, duplicate keys, invalid UTF-8, null) without its
// reflection, and allocates only the values it produces.
//
// It is internal: generated code and rtm use it; programs use the generated
// types' MarshalJSON and UnmarshalJSON, or encoding/json. Errors are *Error
// values; rtm surfaces them wrapped in rtm.ErrDecode.
package wire
