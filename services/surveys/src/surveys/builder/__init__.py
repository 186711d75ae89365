"""Building surveys: questions, sections, languages, versions, distribution, publishing."""
