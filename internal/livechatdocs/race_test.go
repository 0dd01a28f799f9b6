//go:build race

package livechatdocs

// raceEnabled: under the race detector the importer runs about ten times slower, so the
// tests on the real docs import fewer versions (make test runs every package at once).
const raceEnabled = true
