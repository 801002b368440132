# Audience: the two commands a newcomer types are `make demo` and `make test`.
# Everything else is documented in README.md.

SWIFT ?= swift
SWIFT_FLAGS ?= -Xswiftc -warnings-as-errors
RELEASE_BIN = .build/release
DEMO_DIR ?= demo-workspace
BENCH_DIR ?= bench-data

.PHONY: demo load-test test build release deps bench bench-ingest bench-knn bench-engine bench-store bench-suggest bench-similar models clean

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

## demo: build in release, make the retail and CDNOW demo workspaces from fixtures/ (segments refreshed,
## a lookalike, suggestion runs) and serve them on 127.0.0.1:8080 and :8081 (DEMO_SERVE=0: do not serve).
demo: release
	scripts/demo "$(RELEASE_BIN)/audience" "$(DEMO_DIR)"

## load-test: the read routes of a release server over the demo workspace (made if missing):
## 200 keep-alive clients for 30 s; prints requests/s, p50 and p99 per route, fails on any error.
LOAD_SEGMENT = /api/segments/High%20spenders
load-test: release
	test -f "$(DEMO_DIR)/audience.json" || DEMO_SERVE=0 scripts/demo "$(RELEASE_BIN)/audience" "$(DEMO_DIR)"
	scripts/load-test --serve "$(RELEASE_BIN)/audience" --workspace "$(DEMO_DIR)" --clients 200 --seconds 30 \
		/api/health /api/workspace /api/segments $(LOAD_SEGMENT) $(LOAD_SEGMENT)/history $(LOAD_SEGMENT)/members

## test: build debug and release warning-free, run every test: Swift tests, the
## evaluation notebooks on the fixtures, the browser tests in headless Chromium.
test:
	scripts/install-deps --test
	$(SWIFT) build $(SWIFT_FLAGS) --build-tests
	$(SWIFT) build -c release $(SWIFT_FLAGS)
	$(SWIFT) test $(SWIFT_FLAGS) --skip-build
	SWIFT_FLAGS="$(SWIFT_FLAGS)" scripts/run-notebooks
	SUGGEST_EVAL=$(RELEASE_BIN)/suggest-eval scripts/run-suggestions-notebook
	scripts/browser-tests .build/debug/audience

## models: retrain the example models in models/ from the fixtures (deterministic).
models: release
	scripts/make-models "$(RELEASE_BIN)/audience" models

bench: bench-ingest bench-knn bench-engine bench-store bench-suggest bench-similar

## bench-ingest: 1M customers / 10M activities, Audience against DuckDB.
bench-ingest: release
	scripts/install-deps --bench
	scripts/bench-ingest "$(RELEASE_BIN)/audience" "$(BENCH_DIR)"

## bench-knn: exact cosine top-k against FAISS IndexFlatIP and raw sgemm.
bench-knn: release
	scripts/install-deps --bench
	scripts/bench-knn "$(RELEASE_BIN)/knn-bench" "$(BENCH_DIR)"

## bench-engine: segment evaluation (profile, behavioural, a batch of 100) against DuckDB.
bench-engine: release
	scripts/install-deps --bench
	scripts/bench-engine "$(RELEASE_BIN)/engine-bench" "$(BENCH_DIR)"

## bench-store: 1M customers, 100 segments: refresh all, store memberships and history, download.
bench-store: release
	scripts/bench-store "$(RELEASE_BIN)/audience" "$(BENCH_DIR)"

## bench-suggest: measure suggestions on 1M customers x 20 attributes; RFM and clusters on 1M/10M.
bench-suggest: release
	test -f "$(BENCH_DIR)/retail-1m/activities.csv" || "$(RELEASE_BIN)/audience" fixtures generate \
		--customers 1000000 --activities 10000000 --seed 1 --out "$(BENCH_DIR)/retail-1m"
	"$(RELEASE_BIN)/suggest-eval" bench --source "$(BENCH_DIR)/retail-1m" --as-of 2026-01-01

## bench-similar: similar customers (source 50,000, target 1M) and audience score of 1M, at d = 42 and 64, against scikit-learn + FAISS.
bench-similar: release
	scripts/install-deps --bench
	scripts/bench-similar "$(RELEASE_BIN)/audience" "$(BENCH_DIR)"

clean:
	rm -rf .build "$(DEMO_DIR)" "$(DEMO_DIR)-cdnow" "$(BENCH_DIR)"
