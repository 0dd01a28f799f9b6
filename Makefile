# The project's commands. `make demo` and `make test` are the two set-up commands.
GO ?= go

.PHONY: all gen check validate test bench soak demo diff fuzz fmt vet lint oldgo ci

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

## bench: the benchmarks of bench/ and cmd/gen, 3 runs each, printed as one table of medians
##   (see BENCHMARKS.md); e.g. make bench BENCH=RoundTrip BENCHFLAGS='-count 10'
BENCH ?= .
BENCHFLAGS ?= -count 3
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -timeout 30m $(BENCHFLAGS) ./bench/ ./cmd/gen/ | $(GO) run ./bench/table

## soak: the soak test with faults for SOAK (default 5m); `make test` runs it for 10 s
SOAK ?= 5m
soak:
	$(GO) test ./bench -run '^TestSoak$$' -v -count 1 -timeout 0 -soak $(SOAK)

## fuzz: run every fuzz target for FUZZTIME (default 1m) each; crashers land in the
##   package's testdata/fuzz, to commit as regression seeds
FUZZTIME ?= 1m
FUZZ_TARGETS = rtm:FuzzDecodeFrame rtm:FuzzObjectReader rtm:FuzzDecodeScalars rtm:FuzzAppendString \
	rtm:FuzzAppendJSONString internal/codegen:FuzzUnmarshalEvent internal/spec:FuzzParse
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$pkg $$fn"; \
		$(GO) test ./$$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) || exit 1; done

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

## lint: staticcheck at a pinned version, fetched and run by go run (nothing to install)
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## oldgo: build and vet with the oldest Go release the go.mod line allows (the go command
##   fetches that toolchain)
OLDGO ?= go1.25.0
oldgo:
	GOTOOLCHAIN=$(OLDGO) $(GO) build ./...
	GOTOOLCHAIN=$(OLDGO) $(GO) vet ./...

## ci: what .ci/run runs
ci:
	./.ci/run
