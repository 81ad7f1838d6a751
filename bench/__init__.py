"""Speed and scale benchmarks: `make bench` (python -m bench). See bench/README.md."""
