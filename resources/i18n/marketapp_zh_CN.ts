<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../marketapp/ui/app.py" line="+35"/>
        <source>Service market</source>
        <translation>服务集市</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot open the data file {path}: {reason}</source>
        <translation>无法打开数据文件 {path}：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot open the data file</source>
        <translation>无法打开数据文件</translation>
    </message>
</context>
<context>
    <name>DuplicatesPanel</name>
    <message>
        <location filename="../../marketapp/ui/duplicates_panel.py" line="+31"/>
        <source>This may be someone already registered. Is it the same person?</source>
        <translation>此人可能已经登记过。是同一个人吗？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Same person: use this record</source>
        <translation>是同一人：使用这条记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Different person: save as new</source>
        <translation>不是同一人：另存为新村民</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{n} years</source>
        <translation>{n} 岁</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same name, village and birth year</source>
        <translation>姓名、村、出生年份相同</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../marketapp/ui/errors.py" line="+22"/>
        <source>Something unexpected went wrong. What was saved before is safe. If it happens again, restart the program and tell the person who supports it.</source>
        <translation>出现了意外问题。之前保存的数据是安全的。如果再次出现，请重新启动软件，并告诉负责维护的人员。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Details were written to {path}</source>
        <translation>详细情况已记录在 {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Error</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../marketapp/ui/import_dialog.py" line="+46"/>
        <source>Import a village roster</source>
        <translation>导入村民花名册</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV (.csv) or Excel workbook (.xlsx)</source>
        <translation>CSV 文件（.csv）或 Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+41"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Importing… nothing is saved until it finishes.</source>
        <translation>正在导入……全部完成后才会保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save rejected rows…</source>
        <translation>保存未导入的行…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose a village roster</source>
        <translation>选择村民花名册</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rosters (*.csv *.xlsx *.xlsm *.txt *.tsv);;All files (*)</source>
        <translation>花名册 (*.csv *.xlsx *.xlsm *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reading the file…</source>
        <translation>正在读取文件……</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Cancelling… undoing what was imported.</source>
        <translation>正在取消……撤销已导入的内容。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import cancelled. Nothing was changed.</source>
        <translation>已取消导入，数据没有任何改动。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The import failed and nothing was changed: {reason}</source>
        <translation>导入失败，数据没有任何改动：{reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save rejected rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not save the file: {reason}</source>
        <translation>无法保存文件：{reason}</translation>
    </message>
</context>
<context>
    <name>ImportSummaryView</name>
    <message>
        <location filename="../../marketapp/ui/import_summary.py" line="+32"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Added: {n}</source>
        <translation>新增：{n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated: {n}</source>
        <translation>更新：{n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchanged: {n}</source>
        <translation>无变化：{n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected: {n}</source>
        <translation>未导入：{n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} added people resemble someone already registered and were flagged for checking.</source>
        <translation>新增的人中有 {n} 人与已登记村民相似，已标记待核对。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New villages: {names}</source>
        <translation>新建的村：{names}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rejected rows (fix them in the file and import it again):</source>
        <translation>未导入的行（请在文件中改正后重新导入）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No rows were rejected.</source>
        <translation>所有行都已导入。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../marketapp/ui/main_window.py" line="+87"/>
        <source>Registration</source>
        <translation>登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queues</source>
        <translation>排队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stall desk</source>
        <translation>摊位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villagers</source>
        <translation>村民</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Service market</source>
        <translation>服务集市</translation>
    </message>
</context>
<context>
    <name>MarketStatusBar</name>
    <message>
        <location filename="../../marketapp/ui/status_bar.py" line="+47"/>
        <source>No market open</source>
        <translation>未开集</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Served {served} · Waiting {waiting}</source>
        <translation>已办结 {served} · 等候 {waiting}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Data file: {path}</source>
        <translation>数据文件：{path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No backup yet</source>
        <translation>尚无备份</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last backup: {time}</source>
        <translation>上次备份：{time}</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../marketapp/ui/placeholder.py" line="+44"/>
        <source>This screen is coming soon.</source>
        <translation>此页面即将推出。</translation>
    </message>
</context>
<context>
    <name>QueuesPage</name>
    <message>
        <location filename="../../marketapp/ui/queues_page.py" line="+16"/>
        <source>Queues</source>
        <translation>排队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every stall at a glance: who is being called, how many are waiting, and the waiting list of each stall.</source>
        <translation>一眼看清所有摊位：正在叫谁、有多少人在等，以及每个摊位的排队名单。</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../../marketapp/ui/registration_page.py" line="+16"/>
        <source>Registration</source>
        <translation>登记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a returning villager or register a new one, then give them tickets for the stalls they want.</source>
        <translation>查找来过的村民或登记新村民，然后为他们要去的摊位发号。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../marketapp/ui/reports_page.py" line="+16"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The day&apos;s report and statistics, printed or saved as PDF and spreadsheets.</source>
        <translation>当天的报表和统计，可打印或保存为 PDF 和表格。</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <location filename="../../marketapp/ui/requests_page.py" line="+16"/>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems raised at the market that need follow-up by a responsible unit, with their status.</source>
        <translation>集市上提出、需要责任单位跟进的问题及其办理状态。</translation>
    </message>
</context>
<context>
    <name>RosterPreview</name>
    <message>
        <location filename="../../marketapp/ui/roster_preview.py" line="+40"/>
        <source>CSV file, text encoding: {encoding}</source>
        <translation>CSV 文件，文字编码：{encoding}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook, sheet: {sheet}</source>
        <translation>Excel 工作簿，工作表：{sheet}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Header found on row {row}; {n} data rows; {skipped} rows skipped (blank or totals).</source>
        <translation>表头在第 {row} 行；数据 {n} 行；跳过 {skipped} 行（空行或合计行）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Columns read: {columns}</source>
        <translation>读取到的列：{columns}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Columns not imported: {columns}</source>
        <translation>不导入的列：{columns}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../marketapp/ui/settings_page.py" line="+42"/>
        <source>e.g. 城南乡</source>
        <translation>例如：城南乡</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New village name</source>
        <translation>新村名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add village</source>
        <translation>添加村</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> years</source>
        <translation> 岁</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>58 mm roll</source>
        <translation>58 毫米卷纸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>80 mm roll</source>
        <translation>80 毫米卷纸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A6 sheet</source>
        <translation>A6 纸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No printing</source>
        <translation>不打印</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic: the second screen when there is one</source>
        <translation>自动：有第二块屏幕时使用它</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Screen {n}: {name} ({w}×{h})</source>
        <translation>屏幕 {n}：{name}（{w}×{h}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call numbers aloud</source>
        <translation>语音叫号</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A new language applies after restarting the program.</source>
        <translation>更改语言后，需重新启动软件才生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Township and villages</source>
        <translation>乡镇与村</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Township name</source>
        <translation>乡镇名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Villages</source>
        <translation>行政村</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Market day</source>
        <translation>集市</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Priority from age</source>
        <translation>优先年龄（及以上）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ticket paper</source>
        <translation>号票纸张</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Public display and voice</source>
        <translation>公共显示屏与语音</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Display screen</source>
        <translation>显示屏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Language and data</source>
        <translation>语言与数据</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restart the program to use the new language.</source>
        <translation>请重新启动软件以使用新语言。</translation>
    </message>
</context>
<context>
    <name>StallPage</name>
    <message>
        <location filename="../../marketapp/ui/stall_page.py" line="+16"/>
        <source>Stall desk</source>
        <translation>摊位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For the staff at one stall: call the next villager, see their card and record what was done.</source>
        <translation>供摊位工作人员使用：叫下一位村民，查看村民信息，记录办理结果。</translation>
    </message>
</context>
<context>
    <name>VillagerDialog</name>
    <message>
        <location filename="../../marketapp/ui/villager_dialog.py" line="+53"/>
        <source>Edit villager</source>
        <translation>修改村民信息</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group / address</source>
        <translation>村民小组 / 住址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Care</source>
        <translation>关爱类别</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VillagersModel</name>
    <message>
        <location filename="../../marketapp/ui/villagers_model.py" line="+64"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Care</source>
        <translation>关爱类别</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>VillagersPage</name>
    <message>
        <location filename="../../marketapp/ui/villagers_page.py" line="+47"/>
        <source>Search: name, pinyin initials, last digits of ID or phone</source>
        <translation>搜索：姓名、拼音首字母、身份证号或电话后几位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Village:</source>
        <translation>村：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No villagers found.</source>
        <translation>没有找到符合条件的村民。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No villagers yet: add one, or import a village roster.</source>
        <translation>还没有村民：可以新增，或导入村民花名册。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Showing the first {n}; there are more.</source>
        <translation>显示前 {n} 人，还有更多。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} villagers</source>
        <translation>共 {n} 人</translation>
    </message>
</context>
</TS>
