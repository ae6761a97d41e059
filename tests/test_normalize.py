from pipeline.normalize import TextNormalizer, html_to_text, normalize_text


def test_html_becomes_plain_text_with_block_elements_on_lines():
    markup = "<p>Call centre <b>agent</b></p><ul><li>inbound calls</li><li>CRM</li></ul>"
    assert normalize_text(markup) == "Call centre agent\ninbound calls\nCRM"


def test_scripts_and_styles_are_not_text():
    assert html_to_text("<style>p{x:1}</style><p>Job</p><script>alert(1)</script>").strip() == "Job"


def test_entities_are_decoded_with_or_without_tags():
    assert normalize_text("R&amp;D &lt;team&gt;") == "R&D <team>"
    assert normalize_text("<p>R&amp;D</p>") == "R&D"


def test_unicode_is_nfc_and_control_characters_become_spaces():
    assert normalize_text("Re\u0301ception\x00ist\u200b") == "Réception ist"


def test_whitespace_is_collapsed_but_line_breaks_kept():
    assert normalize_text("  a \t b\r\n\r\n\n c  ") == "a b\nc"


def test_text_with_angle_brackets_is_not_taken_for_html():
    assert normalize_text("salary < 5000 and > 3000") == "salary < 5000 and > 3000"


def test_transformer_applies_normalisation_to_each_text():
    assert TextNormalizer().fit_transform(["<p>a</p>", " b "]) == ["a", "b"]
