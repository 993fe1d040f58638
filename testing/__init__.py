"""Helpers shared by tests, system checks and benchmarks: processes, images, drawings, hostile requests."""
