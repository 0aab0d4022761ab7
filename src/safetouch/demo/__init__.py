"""The demo practice: a swimmer with hypermobile SI joints, her therapist, another client."""
