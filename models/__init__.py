"""The default model shipped with bpo-tagger (installed as ``pipeline.models``)."""
