"""Review insights: what customer reviews say (sentiment, aspects, keywords), what each product's reviewers confirm
and complain about, and categories for products imported without one."""
