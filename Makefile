# The project's commands. `make demo` and `make test` are the two set-up commands.
GO ?= go

.PHONY: all gen check validate verify import test bench soak demo diff fuzz fmt vet ci

all: check test

## gen: regenerate gen/ from spec/
gen:
	$(GO) run ./cmd/gen

## check: fail if the committed gen/ differs from fresh generator output
check:
	$(GO) run ./cmd/gen -check

## validate: load and validate every spec, print file:line errors
validate:
	$(GO) run ./cmd/gen -validate $$(ls spec/*/*.yaml)

## verify: compare every spec with LiveChat's docs (a checkout of the docs repository, DOCS);
##   exit 1 on a disagreement the spec does not acknowledge. ARGS='-v -stats' for more.
DOCS ?= ../shared/livechat-docs
SPECS ?= $(wildcard spec/*/*.yaml)
verify:
	$(GO) run ./cmd/gen verify -docs $(DOCS) $(ARGS) $(SPECS)

## import: a draft spec of API (agent|customer) VERSION from DOCS, e.g.
##   make import API=customer VERSION=3.7 OUT=/tmp/v3.7.yaml
API ?= agent
VERSION ?= 3.6
OUT ?= /dev/stdout
import:
	$(GO) run ./cmd/gen import -docs $(DOCS) -api $(API) -version $(VERSION) -o $(OUT)

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
FUZZ_TARGETS = rtm:FuzzDecodeFrame internal/wire:FuzzDecodeScalars internal/wire:FuzzAppendString \
	internal/wire:FuzzReadAny internal/wire:FuzzReadTyped rtm:FuzzAppendJSONString internal/codegen:FuzzUnmarshalEvent \
	internal/spec:FuzzParse internal/livechatdocs:FuzzParseSample webhook:FuzzWebhookParse internal/codegen:FuzzWebhookDecode
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$pkg $$fn"; \
		$(GO) test ./$$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) || exit 1; done

## demo: regenerate, then run both sides of a chat with no account (the example agent bot and the
##   example customer, through one embedded fake LiveChat), the Web API example and the webhook bot
demo: gen
	$(GO) run ./examples/demo
	$(GO) run ./examples/webapi
	$(GO) run ./examples/webhookbot

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
