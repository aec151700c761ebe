"""Review insights: what customer reviews say (sentiment, aspects, keywords), what each product's reviewers confirm
and complain about, and categories for products imported without one.

Generation reads the results from the store (product_insights, review_insights), never this room: content/ does not
import insights/.
"""
