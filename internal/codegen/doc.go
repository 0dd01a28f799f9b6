// Package codegen turns a spec model (internal/spec) into the Go files of one generated
// package: a typed client over package rtm, its request, response, push and shared types, and
// a test that runs every action and push of the spec through rtmtest. It knows nothing of
// websockets; the files it writes do.
package codegen
