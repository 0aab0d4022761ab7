"""Public guidance pages: should I get a massage, positioning, stretches."""
