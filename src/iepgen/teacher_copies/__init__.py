"""The IEP at a glance for each general-education teacher, and proof each received it."""
