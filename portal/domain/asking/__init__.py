"""The questioner's side: asking (public and member questions), confirming, and what they
can do from their private tracking page."""
