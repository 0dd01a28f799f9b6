package rtm

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Time is an RFC 3339 date-time as the API sends it ("2020-05-07T07:11:28.288340Z"). It keeps
// the exact text, so a value decoded and encoded again is byte-for-byte the same (time.Time
// would drop trailing zeros of the fraction); Time parses it.
type Time string

// TimeOf formats t the way the API does: UTC, with microseconds.
func TimeOf(t time.Time) Time {
	return Time(t.UTC().Format("2006-01-02T15:04:05.000000Z07:00"))
}

// Time parses the date-time.
func (t Time) Time() (time.Time, error) {
	return time.Parse(time.RFC3339Nano, string(t))
}

// IsZero reports whether t is empty.
func (t Time) IsZero() bool { return t == "" }

// UnknownFields returns the JSON paths of the fields that v (a value of a generated package,
// usually a decoded response or push) received but its spec does not describe, such as
// "chat.thread.events[0].new_field", sorted. Generated structs keep such fields in their Extra
// map so nothing is lost; UnknownFields tells where they are, e.g. to notice that the server
// speaks a newer API version than the generated package. A union value of a kind the spec does
// not describe (an Unknown* type of a generated package) is reported by its own path.
func UnknownFields(v any) []string {
	var out []string
	walkUnknown(reflect.ValueOf(v), "", &out, 0)
	slices.Sort(out)
	return out
}

var rawMessageMapType = reflect.TypeFor[map[string]json.RawMessage]()

// unknownKind is implemented by the generated types holding union values of unknown kinds.
type unknownKind interface{ UnknownKind() string }

func walkUnknown(v reflect.Value, path string, out *[]string, depth int) {
	if depth > 64 || !v.IsValid() {
		return
	}
	if v.CanInterface() && v.Kind() == reflect.Pointer && !v.IsNil() {
		if _, ok := v.Interface().(unknownKind); ok {
			*out = append(*out, path)
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkUnknown(v.Elem(), path, out, depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw JSON or bytes
		}
		for i := 0; i < v.Len(); i++ {
			walkUnknown(v.Index(i), path+"["+strconv.Itoa(i)+"]", out, depth+1)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		iter := v.MapRange()
		for iter.Next() {
			walkUnknown(iter.Value(), join(path, iter.Key().String()), out, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Name == "Extra" && f.Type == rawMessageMapType {
				for _, k := range v.Field(i).MapKeys() {
					if !hasJSONField(t, k.String()) { // else the explicit null of a known field
						*out = append(*out, join(path, k.String()))
					}
				}
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			walkUnknown(v.Field(i), join(path, name), out, depth+1)
		}
	}
}

// hasJSONField reports whether the struct type t has a field of JSON name
// name.
func hasJSONField(t reflect.Type, name string) bool {
	for i := 0; i < t.NumField(); i++ {
		if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n == name && t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
