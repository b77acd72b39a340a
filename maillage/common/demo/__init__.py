"""The demo ecosystem's Django side: read open data, write organisations and users in bulk.

The generation itself is pure (`maillage_core.demo`); `services.demo_load` is the entry point
used by `maillage demo`.
"""
