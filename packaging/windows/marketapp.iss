; Windows installer for the folder dist\marketapp\ (python scripts\build_bundle.py).
; Compile on Windows with Inno Setup 6:
;   iscc /DAppVersion=0.1.0 packaging\windows\marketapp.iss  ->  dist\marketapp-0.1.0-setup.exe
; .github/workflows/windows-bundle.yml does this on a Windows runner. Saved as UTF-8 with a
; BOM: Inno Setup reads the Chinese names below correctly only then.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppTitle "服务集市"

[Setup]
AppId={{2DE4D0D4-8D48-484C-8088-21956ABAE8D2}
AppName={#AppTitle} marketapp
AppVersion={#AppVersion}
AppPublisher=marketapp
; Per user by default: township staff rarely have administrator rights. An administrator
; may still choose "for all users" in the first dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
DefaultDirName={autopf}\marketapp
DefaultGroupName={#AppTitle}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\marketapp.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=marketapp-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
; Inno Setup ships Simplified Chinese only in recent versions; the workflow adds it when
; missing. Without it the installer speaks English; the app itself is Chinese either way.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\marketapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppTitle}\{#AppTitle}"; Filename: "{app}\marketapp.exe"
Name: "{autoprograms}\{#AppTitle}\{#AppTitle}（演示）"; Filename: "{app}\marketapp.exe"; Parameters: "--demo"
Name: "{autoprograms}\{#AppTitle}\卸载 {#AppTitle}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\marketapp.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\marketapp.exe"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program folder only. The market data (the data file, its
; backups and logs, in the user's data folder) stays: villagers' records are not the
; program's to delete.
