def test_fmt(sh6):
    sh = sh6
    out, err = sh.run("New-GradioSession $basic -Token hf_abcdefgh123; Get-GradioSession; $c = Invoke-GradioSessionApi echo 'hi'; $c; $c | Update-GradioSessionApiResult; $c.ApiEvent; Get-GradioSessionApi; Invoke-GradioSessionApi numbers @{num=1} | Update-GradioSessionApiResult | fl")
    print(out); print(err)
    assert 0
