from gshell.repl.paste import strip_prompts


def test_ps_prompts_removed():
    text = "PS> Get-X\nPS C:\\> $a = 1\nPS /home/x> Get-Y |\n>>   Select-Object a\n"
    assert strip_prompts(text) == "Get-X\n$a = 1\nGet-Y |\n  Select-Object a\n"


def test_plain_text_untouched():
    text = "Get-X |\n>> not a prompt without PS\r\nPSX> y"
    assert strip_prompts(text) == "Get-X |\n>> not a prompt without PS\nPSX> y"
