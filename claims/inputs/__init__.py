"""Rules for values that come from outside (API bodies, files, feeds, imports, the admin), one module per rule.
Each answers a question and leaves the wording of the refusal to its caller, which knows the field and item."""
