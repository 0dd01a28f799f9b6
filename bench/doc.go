// Package bench holds the measurements and the stress tests that span
// packages: the typed generated client (gen/agent/v36) over the transport
// (rtm) against the fake server (rtm/rtmtest), and the generator
// (internal/codegen). It has no library code: everything is in its _test.go
// files, and bench/table formats the output of its benchmarks.
//
// Benchmarks (go test -run '^$' -bench . -benchmem ./bench; `make bench`
// runs them and prints one table, see BENCHMARKS.md):
//
//   - BenchmarkRoundTrip: one send_event round trip on loopback through the
//     typed client, through rtm.Conn.Call with the same payload pre-encoded,
//     and as a bare coder/websocket write and read of the same bytes;
//     BenchmarkRoundTripRatio times the three in one loop and reports the
//     ratios typed/raw and rtm/raw.
//   - BenchmarkConcurrentCallers: 1, 8, 64 and 512 goroutines calling on
//     one connection: calls/s and latency percentiles.
//   - BenchmarkPushDispatch: incoming_event pushes read, decoded into
//     *v36.IncomingEventPush and handed to the handler: pushes/s and
//     allocations per push. BenchmarkUnhandledPushes: the heap while
//     1,000,000 pushes nobody handles arrive.
//   - BenchmarkIdleConnections: 1,000 logged-in, pinging connections from
//     one process: goroutines and heap bytes per connection.
//   - BenchmarkCodec: the generated JSON code alone (encode a request,
//     decode a response and a push), as the typed client calls it.
//   - BenchmarkWebCall, BenchmarkWebRoundTripRatio, BenchmarkWebClientOverhead: the typed
//     v36.WebClient.SendEvent against a bare net/http POST of the same bytes to the same
//     loopback server (the ratio measured in one loop), and the client's own allocations over
//     an in-memory transport.
//   - BenchmarkGenerate: the generator on the four specs (BenchmarkCheck in
//     cmd/gen: gen -check).
//
// The server of the benchmarks runs in a child process (this package's test
// binary, started again by TestMain), so that the allocations, the heap and
// the goroutines measured are the client's only.
//
// Tests: TestSoak runs many concurrent typed calls while the server drops
// connections, stalls, delays and garbles (-soak=5m for a long run);
// TestIdleConnectionFootprint checks the per-connection budget; TestSameFrames
// checks that the three round trips compared write the same bytes.
package bench
