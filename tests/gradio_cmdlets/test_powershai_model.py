"""PowerShAI's object model on real apps: a session's members are NoteProperties (PowerShAI's
sessions are PSCustomObjects); proxy functions live in their own module, not in powershai."""
from __future__ import annotations


def test_session_members_are_note_properties(sh6):
    names = sh6.ev("$s = New-GradioSession $basic -Name m; $s | Get-Member -MemberType NoteProperty | % Name")
    assert {"Name", "AppUrl"} <= set(names)
    assert sh6.ev("($s | Get-Member -MemberType Property).Count") == [0]


def test_proxy_functions_are_not_listed_under_powershai(sh6):
    sh6.ev("New-GradioSession $basic -Name p | Out-Null; New-GradioSessionApiProxyFunction -Session p -Prefix Pt | Out-Null")
    proxies = sh6.ev("Get-Command -Module gshell.GradioProxy | % Name")
    assert proxies and all(n.startswith("Pt") for n in proxies)
    listed = set(sh6.ev("Get-Command -Module powershai | % Name"))
    assert not listed & set(proxies)
    assert "New-GradioSession" in listed
