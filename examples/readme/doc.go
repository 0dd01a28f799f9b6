// Package readme holds the code of the README's snippets, compiled and run by go test: a
// snippet of the README is a region of readme_test.go between "// README: <name>" and
// "// README: end", and TestReadmeSnippets fails when the README's copy differs.
package readme
