# The two commands of the README. Both bootstrap what they need first (a no-op when
# everything is in place), so they work on a fresh machine of this kind.
#   make demo   build lakedev and run it on the bundled example project
#   make test   build lakedev, its tests and a sanitizer build, run everything with ctest
BUILD      ?= build
ASAN_BUILD ?= build-asan
CMAKE_GEN  := -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
CACHE      := $(shell scripts/bootstrap --print-cache)
JOBS       ?= $(shell nproc)

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_WORK    ?= $(CACHE)/fuzz-jinja

.PHONY: all bootstrap bootstrap-test build build-asan demo test fuzz format clean

all: build

bootstrap:
	@scripts/bootstrap

bootstrap-test:
	@scripts/bootstrap --test

build: bootstrap
	@cmake -S . -B $(BUILD) $(CMAKE_GEN) -DLAKEDEV_ORACLE_PYTHON=$(CACHE)/venv/bin/python \
	  $(if $(wildcard $(ASAN_BUILD)/tests/lakedev_unit_tests),-DLAKEDEV_SANITIZED_BUILD=$(abspath $(ASAN_BUILD))) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The unit tests and the in-process golden cases (Jinja, YAML) also run built with
# ASan+UBSan: they exercise every module without the cost of sanitizing the CLI cases.
build-asan: bootstrap
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DLAKEDEV_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target lakedev_unit_tests lakedev_golden_tests

demo: build
	@scripts/demo $(BUILD)/lakedev

test: bootstrap-test build-asan
	@$(MAKE) --no-print-directory build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# libFuzzer + ASan/UBSan on the Jinja engine; new interesting inputs collect in
# $(FUZZ_WORK), crash reproducers there too (copy them into tests/fuzz/corpus/jinja).
fuzz:
	@scripts/bootstrap --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DLAKEDEV_SANITIZE=ON -DLAKEDEV_FUZZ=ON -DLAKEDEV_WERROR=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target lakedev_jinja_fuzz
	@mkdir -p $(FUZZ_WORK)/corpus $(FUZZ_WORK)/artifacts
	$(FUZZ_BUILD)/tests/lakedev_jinja_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -rss_limit_mb=2048 -artifact_prefix=$(FUZZ_WORK)/artifacts/ $(FUZZ_WORK)/corpus tests/fuzz/corpus/jinja

format:
	@scripts/check-format --fix

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
