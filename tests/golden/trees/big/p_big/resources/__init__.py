"""The resources of the Big, version 1, one module a tag, imported when first used."""
