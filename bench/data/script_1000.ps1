# --- Section 10: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl10 = "http://127.0.0.1:7810"
$info10 = Get-GradioInfo -AppUrl $AppUrl10
$info10.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl10 -Name "app10" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app10")
$fns10 = New-GradioSessionApiProxyFunction -Prefix App10 -Force
$fns10.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch10 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts10 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs10 = $prompts10 | Invoke-Batch10 -Steps 30 -Verbose:$false
$imgs10 | Format-Table -AutoSize
$imgs10 | ConvertTo-Json -Depth 5 | Out-File ./images10.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App10Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl10 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space10 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 10: $total
Prompts: $($prompts10 -join ', ')
"@
Write-Host $text
$summary10 = [ordered]@{ Section = 10; Total = $total; Ok = $total -ge 0 -and $imgs10.Count -gt 0 }
# --- Section 11: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl11 = "http://127.0.0.1:7811"
$info11 = Get-GradioInfo -AppUrl $AppUrl11
$info11.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl11 -Name "app11" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app11")
$fns11 = New-GradioSessionApiProxyFunction -Prefix App11 -Force
$fns11.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch11 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts11 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs11 = $prompts11 | Invoke-Batch11 -Steps 30 -Verbose:$false
$imgs11 | Format-Table -AutoSize
$imgs11 | ConvertTo-Json -Depth 5 | Out-File ./images11.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App11Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl11 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space11 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 11: $total
Prompts: $($prompts11 -join ', ')
"@
Write-Host $text
$summary11 = [ordered]@{ Section = 11; Total = $total; Ok = $total -ge 0 -and $imgs11.Count -gt 0 }
# --- Section 12: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl12 = "http://127.0.0.1:7812"
$info12 = Get-GradioInfo -AppUrl $AppUrl12
$info12.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl12 -Name "app12" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app12")
$fns12 = New-GradioSessionApiProxyFunction -Prefix App12 -Force
$fns12.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch12 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts12 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs12 = $prompts12 | Invoke-Batch12 -Steps 30 -Verbose:$false
$imgs12 | Format-Table -AutoSize
$imgs12 | ConvertTo-Json -Depth 5 | Out-File ./images12.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App12Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl12 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space12 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 12: $total
Prompts: $($prompts12 -join ', ')
"@
Write-Host $text
$summary12 = [ordered]@{ Section = 12; Total = $total; Ok = $total -ge 0 -and $imgs12.Count -gt 0 }
# --- Section 13: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl13 = "http://127.0.0.1:7813"
$info13 = Get-GradioInfo -AppUrl $AppUrl13
$info13.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl13 -Name "app13" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app13")
$fns13 = New-GradioSessionApiProxyFunction -Prefix App13 -Force
$fns13.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch13 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts13 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs13 = $prompts13 | Invoke-Batch13 -Steps 30 -Verbose:$false
$imgs13 | Format-Table -AutoSize
$imgs13 | ConvertTo-Json -Depth 5 | Out-File ./images13.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App13Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl13 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space13 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 13: $total
Prompts: $($prompts13 -join ', ')
"@
Write-Host $text
$summary13 = [ordered]@{ Section = 13; Total = $total; Ok = $total -ge 0 -and $imgs13.Count -gt 0 }
# --- Section 14: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl14 = "http://127.0.0.1:7814"
$info14 = Get-GradioInfo -AppUrl $AppUrl14
$info14.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl14 -Name "app14" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app14")
$fns14 = New-GradioSessionApiProxyFunction -Prefix App14 -Force
$fns14.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch14 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts14 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs14 = $prompts14 | Invoke-Batch14 -Steps 30 -Verbose:$false
$imgs14 | Format-Table -AutoSize
$imgs14 | ConvertTo-Json -Depth 5 | Out-File ./images14.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App14Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl14 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space14 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 14: $total
Prompts: $($prompts14 -join ', ')
"@
Write-Host $text
$summary14 = [ordered]@{ Section = 14; Total = $total; Ok = $total -ge 0 -and $imgs14.Count -gt 0 }
# --- Section 15: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl15 = "http://127.0.0.1:7815"
$info15 = Get-GradioInfo -AppUrl $AppUrl15
$info15.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl15 -Name "app15" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app15")
$fns15 = New-GradioSessionApiProxyFunction -Prefix App15 -Force
$fns15.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch15 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts15 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs15 = $prompts15 | Invoke-Batch15 -Steps 30 -Verbose:$false
$imgs15 | Format-Table -AutoSize
$imgs15 | ConvertTo-Json -Depth 5 | Out-File ./images15.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App15Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl15 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space15 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 15: $total
Prompts: $($prompts15 -join ', ')
"@
Write-Host $text
$summary15 = [ordered]@{ Section = 15; Total = $total; Ok = $total -ge 0 -and $imgs15.Count -gt 0 }
# --- Section 16: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl16 = "http://127.0.0.1:7816"
$info16 = Get-GradioInfo -AppUrl $AppUrl16
$info16.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl16 -Name "app16" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app16")
$fns16 = New-GradioSessionApiProxyFunction -Prefix App16 -Force
$fns16.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch16 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts16 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs16 = $prompts16 | Invoke-Batch16 -Steps 30 -Verbose:$false
$imgs16 | Format-Table -AutoSize
$imgs16 | ConvertTo-Json -Depth 5 | Out-File ./images16.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App16Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl16 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space16 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 16: $total
Prompts: $($prompts16 -join ', ')
"@
Write-Host $text
$summary16 = [ordered]@{ Section = 16; Total = $total; Ok = $total -ge 0 -and $imgs16.Count -gt 0 }
# --- Section 17: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl17 = "http://127.0.0.1:7817"
$info17 = Get-GradioInfo -AppUrl $AppUrl17
$info17.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl17 -Name "app17" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app17")
$fns17 = New-GradioSessionApiProxyFunction -Prefix App17 -Force
$fns17.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch17 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts17 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs17 = $prompts17 | Invoke-Batch17 -Steps 30 -Verbose:$false
$imgs17 | Format-Table -AutoSize
$imgs17 | ConvertTo-Json -Depth 5 | Out-File ./images17.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App17Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl17 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space17 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 17: $total
Prompts: $($prompts17 -join ', ')
"@
Write-Host $text
$summary17 = [ordered]@{ Section = 17; Total = $total; Ok = $total -ge 0 -and $imgs17.Count -gt 0 }
# --- Section 18: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl18 = "http://127.0.0.1:7818"
$info18 = Get-GradioInfo -AppUrl $AppUrl18
$info18.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl18 -Name "app18" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app18")
$fns18 = New-GradioSessionApiProxyFunction -Prefix App18 -Force
$fns18.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch18 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts18 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs18 = $prompts18 | Invoke-Batch18 -Steps 30 -Verbose:$false
$imgs18 | Format-Table -AutoSize
$imgs18 | ConvertTo-Json -Depth 5 | Out-File ./images18.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App18Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl18 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space18 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 18: $total
Prompts: $($prompts18 -join ', ')
"@
Write-Host $text
$summary18 = [ordered]@{ Section = 18; Total = $total; Ok = $total -ge 0 -and $imgs18.Count -gt 0 }
# --- Section 19: Gradio app exploration (pasted from the PowerShAI walkthrough) ---
Import-Module powershai -Force
$AppUrl19 = "http://127.0.0.1:7819"
$info19 = Get-GradioInfo -AppUrl $AppUrl19
$info19.named_endpoints.PSObject.Properties | % { "{0,-20} {1}" -f $_.Name, $_.Value.parameters.Count }
New-GradioSession $AppUrl19 -Name "app19" -Force | Out-Null
Set-GradioSession -Default (Get-GradioSession "app19")
$fns19 = New-GradioSessionApiProxyFunction -Prefix App19 -Force
$fns19.name | Sort-Object | Select-Object -First 5

<#
  Generate a few images and keep the URLs.
#>
function Invoke-Batch19 {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [string[]]$Prompts,
        [Alias('n')][int]$Steps = 20,
        [ValidateSet('fast', 'slow')]$Mode = 'fast',
        [switch]$Raw
    )
    begin {
        $results = @()
        $count = 0
    }
    process {
        foreach ($p in $Prompts) {
            $count++
            Write-Verbose "Prompt #${count}: $p"
            $ev = Invoke-GradioSessionApi -ApiName /generate -Params @($p, $Steps, 0.5) |
                Update-GradioSessionApiResult -MaxHeartBeats 3
            if ($ev.error) {
                Write-Warning "Failed: $($ev.error)"
                continue
            } elseif ($Raw) {
                $results += , $ev
            } else {
                $results += [pscustomobject]@{
                    Prompt = $p
                    Url    = $ev.data[0].url
                    Steps  = $Steps
                    Took   = ($ev.events | Measure-Object -Property num -Sum).Sum
                }
            }
        }
    }
    end {
        $results | Where-Object { $_.Url -ne $null } | Sort-Object Took -Descending
    }
}

$prompts19 = 'a red car', 'a blue bike', "a house at $(Get-Date -Format 'HH:mm')"
$imgs19 = $prompts19 | Invoke-Batch19 -Steps 30 -Verbose:$false
$imgs19 | Format-Table -AutoSize
$imgs19 | ConvertTo-Json -Depth 5 | Out-File ./images19.json -Encoding utf8

$h = @{ text = 'hello'; n = 3; flags = @('a', 'b'); nested = @{ deep = $true } }
$h.n++
$h['text'] += " world"
$keys = $h.Keys | ForEach-Object { $_.ToUpper() }
for ($i = 0; $i -lt $keys.Count; $i++) {
    switch -wildcard ($keys[$i]) {
        'T*' { "text-like: $($keys[$i])" }
        'N' { "number: {0:N0}" -f $h.n }
        default { "other: " + $keys[$i].ToLower() }
    }
}

$events = App19Generate 'cat' -Steps 10 -Map 'Prompt=0'
$events | ? { $_.data -ne $null } | % { "ElapsedSeconds: $($_.data)" }
try {
    $r = Send-GradioApi -AppUrl $AppUrl19 -ApiName echo -Params "A car", 100 -ErrorAction Stop
    if (-not $r -or $r.Status -eq 'error') { throw "call failed: $($r.error)" }
} catch [System.Net.WebException] {
    Write-Error $_.Exception.Message
} catch {
    Write-Host "unexpected: $_" -ForegroundColor Red
} finally {
    Remove-Variable r -ErrorAction SilentlyContinue
}

$space19 = Get-HuggingFaceSpace rrg92/diffusers-labs -NoGradioSession
Invoke-HuggingFaceHub -Endpoint models -search diffusion -direction -1 -limit 5 -sort downloads |
    Select-Object id, downloads, likes, pipeline_tag
$total = 0
1..10 | % { $total += $_ * 2 }
while ($total -gt 100) { $total = $total / 2 }
do { $total-- } until ($total -le 10)
$text = @"
Total for section 19: $total
Prompts: $($prompts19 -join ', ')
"@
Write-Host $text
$summary19 = [ordered]@{ Section = 19; Total = $total; Ok = $total -ge 0 -and $imgs19.Count -gt 0 }
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
$x = $h.flags[-1].ToUpper().Trim()
$log += "line $($log.Count): ok"
Get-GradioSession | Select-Object Name, AppUrl | Format-List
