# The project's commands. `make demo` and `make test` are the two set-up commands.
GO ?= go

.PHONY: all gen check validate test race bench demo diff fuzz fmt vet ci

all: check test

## gen: regenerate gen/ from spec/
gen:
	$(GO) run ./cmd/gen

## check: fail if the committed gen/ differs from fresh generator output
check:
	$(GO) run ./cmd/gen -check

## validate: load and validate every spec, print file:line errors
validate:
	$(GO) run ./cmd/gen -validate spec/agent/v3.0.yaml spec/agent/v3.6.yaml spec/customer/v3.0.yaml spec/customer/v3.2.yaml

## test: all tests, with the race detector
test:
	$(GO) test -race ./...

## bench: the benchmarks of bench/ and cmd/gen, printed as one table (see BENCHMARKS.md);
##   e.g. make bench BENCHFLAGS='-count 3' (medians), make bench BENCH=RoundTrip
BENCH ?= .
BENCHFLAGS ?=
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -timeout 30m $(BENCHFLAGS) ./bench/ ./cmd/gen/ | $(GO) run ./bench/table

## demo: regenerate, then run the example agent bot against the embedded fake server
demo: gen
	$(GO) run ./examples/agentbot

## diff: what changed between two spec versions, e.g.
##   make diff OLD=spec/customer/v3.0.yaml NEW=spec/customer/v3.2.yaml ARGS='-format markdown'
OLD ?= spec/agent/v3.0.yaml
NEW ?= spec/agent/v3.6.yaml
ARGS ?=
diff:
	$(GO) run ./cmd/gen diff $(ARGS) $(OLD) $(NEW)

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

## ci: what .ci/run runs
ci:
	./.ci/run
