"""Policy packs shipped with mixmig (YAML package data). See docs/policy-packs.md."""
