// Package codegen turns a spec model (internal/spec) into the Go files of one generated
// package: a typed client over package rtm, its request, response, push and shared types, and
// a test that runs every action and push of the spec through rtmtest. It knows nothing of
// websockets; the files it writes do.
//
// Generate first builds the model (model.go): every Go type, method and constant the package
// will have, named (names.go) and checked for collisions, so that a spec whose names collide in
// Go fails with the file:line of the item (errors_test.go) instead of producing code that does
// not compile. Then one emitter per file prints the model with jennifer. Each file's output for
// a small spec that uses every feature is in testdata/golden, and for a spec of tricky names in
// testdata/golden-names:
//
//	doc.go            emit_doc.go       the package doc and the version constants
//	constants.go      emit_client.go    action, push, error type and region names
//	client.go         emit_client.go    Client, Config, Dial, a method per action and push;
//	                  emit_pages.go     an iterator per paged action
//	types.go          emit_types.go     the structs and definitions of the spec's types
//	enums.go          enums.go          a string type per value set of fields, with constants
//	unions.go         emit_types.go     the union interfaces and their decoders
//	requests.go ...   emit_client.go    request, response and push payload structs
//	validate.go       emit_validate.go  the required-param checks of requests
//	json.go           emit_json.go      the JSON encoders and decoders
//	generated_test.go testfile.go       every action, push, sample, value set and page, via rtmtest
//	example_test.go   emit_examples.go  runnable examples checked by their // Output:
//
// Doc comments are made by comments.go (declDoc, wrap).
package codegen
