def test_dbg(sh6, tmp_path):
    sh = sh6
    sh.ev("New-GradioSession $files | Out-Null")
    sh.interp.set_variable("outdir", str(tmp_path))
    r = sh.ev("Invoke-GradioSessionApi file_multi 3 | Update-GradioSessionApiResult")
    print(repr(r))
    out, err = sh.run("$r = Invoke-GradioSessionApi file_multi 3 | Update-GradioSessionApiResult; $r | Save-GradioFile $outdir")
    print(out, err)
    assert 0
