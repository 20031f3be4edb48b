<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Service market</source>
        <translation>服务集市</translation>
    </message>
    <message>
        <source>Cannot open the data file {path}: {reason}</source>
        <translation>无法打开数据文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>Cannot open the data file</source>
        <translation>无法打开数据文件</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Record history</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>History of {name}</source>
        <translation>{name} 的档案修改记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Record created</source>
        <translation>建立档案</translation>
    </message>
    <message>
        <source>Personal details cleared (retention)</source>
        <translation>个人信息已按保留期限清除</translation>
    </message>
    <message>
        <source>Merged with a second record of the same person</source>
        <translation>与同一人的另一条记录合并</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <source>Group / address</source>
        <translation>村民小组 / 住址</translation>
    </message>
    <message>
        <source>Lives alone</source>
        <translation>独居老人</translation>
    </message>
    <message>
        <source>Left-behind</source>
        <translation>留守老人</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>残疾</translation>
    </message>
    <message>
        <source>Low income</source>
        <translation>低保</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近到场</translation>
    </message>
    <message>
        <source>no changes recorded</source>
        <translation>暂无修改记录</translation>
    </message>
    <message>
        <source>this laptop</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>another laptop ({id})</source>
        <translation>另一台电脑（{id}）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>BloodPressureChart</name>
    <message>
        <source>Systolic</source>
        <translation>收缩压</translation>
    </message>
    <message>
        <source>Diastolic</source>
        <translation>舒张压</translation>
    </message>
    <message>
        <source>No earlier readings</source>
        <translation>暂无以往读数</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>Stall</source>
        <translation>摊位</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>正在叫号</translation>
    </message>
    <message>
        <source>Being served</source>
        <translation>正在办理</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>Expected wait (min)</source>
        <translation>预计等候（分钟）</translation>
    </message>
</context>
<context>
    <name>CatalogueEditor</name>
    <message>
        <source>Letter</source>
        <translation>字母</translation>
    </message>
    <message>
        <source>Name (中文)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <source>Save catalogue</source>
        <translation>保存服务目录</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Restore default catalogue…</source>
        <translation>恢复默认服务目录…</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>yes/no</source>
        <translation>是/否</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>用时(分)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Typical minutes per villager: the expected wait is worked out from it</source>
        <translation>每位村民通常需要的分钟数：预计等候时间据此推算</translation>
    </message>
    <message>
        <source>Add service</source>
        <translation>添加服务项目</translation>
    </message>
    <message>
        <source>Remove service</source>
        <translation>移除服务项目</translation>
    </message>
    <message>
        <source>Offer again</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <source>Offer this retired service again for new market days</source>
        <translation>让新开的集市重新提供这个已停用的服务项目</translation>
    </message>
    <message>
        <source>Double-click a cell or just type to change it. Market days keep the services they were opened with: changes apply to market days opened after saving.</source>
        <translation>双击单元格或直接输入即可修改。已开设的集市沿用开设时的服务设置：修改只对保存之后新开的集市生效。</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Offered</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Retired: kept for the market days that had it, not offered for new market days</source>
        <translation>已停用：为开设过它的集市保留记录，新开的集市不再提供</translation>
    </message>
    <message>
        <source>New service with ticket letter {letter}: type its Chinese and English names, then add its outcome fields.</source>
        <translation>已添加新服务项目，号票字母 {letter}：请填写中文和英文名称，再添加记录项。</translation>
    </message>
    <message>
        <source>“{service}” has been used on market days. It stays in the catalogue for their records and reports, but new market days no longer offer it. You can offer it again later. Retire it?</source>
        <translation>“{service}”已在集市中使用过。它会留在服务目录中，供这些集市的记录和报表使用，但新开的集市不再提供。以后可以恢复使用。确定停用吗？</translation>
    </message>
    <message>
        <source>Remove the service “{service}” with its outcome fields and flag rules?</source>
        <translation>删除服务项目“{service}”及其记录项和提示规则吗？</translation>
    </message>
    <message>
        <source>“{service}” is retired when you save: kept for the market days that had it, not offered for new ones.</source>
        <translation>保存后“{service}”即停用：开设过它的集市仍保留记录，新开的集市不再提供。</translation>
    </message>
    <message>
        <source>“{service}” is removed when you save.</source>
        <translation>保存后“{service}”即被删除。</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <source>Not saved: correct the entry named above.</source>
        <translation>未保存：请先改正上面指出的内容。</translation>
    </message>
    <message>
        <source>Catalogue saved. It applies to market days opened from now on; a market that is already open keeps its stalls as they were.</source>
        <translation>服务目录已保存，对今后新开的集市生效；已开设的集市摊位保持不变。</translation>
    </message>
    <message>
        <source>Restore default catalogue</source>
        <translation>恢复默认服务目录</translation>
    </message>
    <message>
        <source>Replace your edited catalogue with the one that came with the program? Your changes to services and fields are lost.</source>
        <translation>用程序自带的服务目录替换您修改过的目录吗？对服务项目和记录项的修改将全部丢失。</translation>
    </message>
    <message>
        <source>The default catalogue is back. It applies to market days opened from now on.</source>
        <translation>已恢复默认服务目录，对今后新开的集市生效。</translation>
    </message>
</context>
<context>
    <name>ClearOldData</name>
    <message>
        <source>The data file is open read-only because it is damaged: restore a backup instead.</source>
        <translation>数据文件已损坏，现以只读方式打开：请改为从备份恢复。</translation>
    </message>
    <message>
        <source>No keeping period is set, so nothing is cleared. An administrator sets it in Settings → Sign-in and data (“Clear personal data after”).</source>
        <translation>还没有设置保留期限，所以不会清除任何信息。管理员可以在 设置 → 登录与数据（“个人信息保留期限”）里设置。</translation>
    </message>
    <message>
        <source>Counting who would be cleared…</source>
        <translation>正在统计需要清除的人……</translation>
    </message>
    <message>
        <source>Clear old personal data</source>
        <translation>清除旧个人信息</translation>
    </message>
    <message>
        <source>Nobody to clear: everyone was seen at a market since {cutoff} (the keeping period is {years} years).</source>
        <translation>没有需要清除的人：{cutoff} 以来每个人都来过集市（保留期限 {years} 年）。</translation>
    </message>
    <message>
        <source>{people} people have not come to a market since {cutoff} ({years} years). Their names, ID numbers, phones, addresses, notes and health readings are cleared ({health} health records, the text of {requests} requests); birth year, gender, village and the visit figures stay.

This cannot be undone. Clear now?</source>
        <translation>有 {people} 人自 {cutoff} 以来（{years} 年）没有来过集市。将清除他们的姓名、身份证号、电话、住址、备注和健康数据（{health} 条健康记录、{requests} 条诉求的内容）；出生年份、性别、所在村和服务统计保留。

此操作不能撤销。现在清除吗？</translation>
    </message>
    <message>
        <source>Nothing was cleared.</source>
        <translation>没有清除任何信息。</translation>
    </message>
    <message>
        <source>Clearing…</source>
        <translation>正在清除……</translation>
    </message>
    <message>
        <source>Cleared the personal details and health records of {people} people.</source>
        <translation>已清除 {people} 人的个人信息和健康记录。</translation>
    </message>
</context>
<context>
    <name>CloseMarketDialog</name>
    <message>
        <source>Close the market day</source>
        <translation>收市</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>收市原因</translation>
    </message>
    <message>
        <source>Back up the data now</source>
        <translation>立即备份数据</translation>
    </message>
    <message>
        <source>Build the day&apos;s summary and save it</source>
        <translation>生成并保存当日集市日报</translation>
    </message>
    <message>
        <source>Print the summary</source>
        <translation>打印日报</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save in {folder}</source>
        <translation>保存到 {folder}</translation>
    </message>
    <message>
        <source>No market day is open</source>
        <translation>当前没有已开集的集市</translation>
    </message>
    <message>
        <source>There is nothing to close.</source>
        <translation>无需收市。</translation>
    </message>
    <message>
        <source>{count} people are still waiting or being called. Closing records their tickets as not served. People already at a counter can still be finished.</source>
        <translation>还有 {count} 人在排队或已叫号未到窗口。收市后，他们的号票记为“未服务”。已在窗口办理的村民仍可办完。</translation>
    </message>
    <message>
        <source>No one is waiting. People already at a counter can still be finished.</source>
        <translation>已无人排队。已在窗口办理的村民仍可办完。</translation>
    </message>
    <message>
        <source>Where to save the summary</source>
        <translation>日报保存位置</translation>
    </message>
    <message>
        <source>The market day is closed.</source>
        <translation>本场集市已收市。</translation>
    </message>
    <message>
        <source>{count} tickets still waiting were recorded as not served.</source>
        <translation>{count} 张仍在等候的号票已记为未服务。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Backup saved: {path}</source>
        <translation>备份已保存：{path}</translation>
    </message>
    <message>
        <source>Backup failed: {reason}</source>
        <translation>备份失败：{reason}</translation>
    </message>
    <message>
        <source>Summary saved ({pages} pages): {path}</source>
        <translation>日报已保存（共 {pages} 页）：{path}</translation>
    </message>
    <message>
        <source>The summary could not be built: {reason}</source>
        <translation>日报未能生成：{reason}</translation>
    </message>
    <message>
        <source>Stopped: the remaining steps were skipped. The day stays closed; its report can be built on the Reports page.</source>
        <translation>已停止，其余步骤未执行。集市仍为已收市状态，可在“报表”页生成日报。</translation>
    </message>
    <message>
        <source>No printer here, and the summary could not be saved: {reason}</source>
        <translation>这里没有打印机，日报也没能保存：{reason}</translation>
    </message>
    <message>
        <source>No printer here: the summary is saved as {path}. Print that file where there is a printer.</source>
        <translation>这里没有打印机：日报已保存为 {path}。请在有打印机的电脑上打印这个文件。</translation>
    </message>
    <message>
        <source>Not printed.</source>
        <translation>未打印。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>No printer: the printout was saved as {path}</source>
        <translation>没有打印机：打印内容已另存为 {path}</translation>
    </message>
    <message>
        <source>Sent {pages} pages to the printer.</source>
        <translation>已发送 {pages} 页到打印机。</translation>
    </message>
    <message>
        <source>The printer could not be started ({name}).</source>
        <translation>打印机无法启动（{name}）。</translation>
    </message>
    <message>
        <source>Stopped: the remaining steps were skipped.</source>
        <translation>已停止，其余步骤未执行。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>DataKeepingBox</name>
    <message>
        <source>Keeping data</source>
        <translation>数据保存</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Personal details and health readings of people not seen for this long can be cleared by an administrator: menu Data → Clear old personal data… (or the command “marketapp retention”); nothing is cleared by itself. 0 = off.</source>
        <translation>超过这个期限没有来过集市的人，其个人信息和健康数据可由管理员清除：菜单 数据 → 清除旧个人信息…（或命令“marketapp retention”）；不会自动清除。0 = 不清除。</translation>
    </message>
    <message>
        <source>None: backups only beside the data file</source>
        <translation>未设置：备份只保存在数据文件旁</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Each backup is also copied here, e.g. to a USB stick, so a lost laptop does not lose the data.</source>
        <translation>每次备份同时复制到这里（例如U盘），笔记本丢失或损坏时数据不会丢。</translation>
    </message>
    <message>
        <source>Clear personal data after</source>
        <translation>个人信息保留期限</translation>
    </message>
    <message>
        <source>Second backup folder</source>
        <translation>第二备份文件夹</translation>
    </message>
</context>
<context>
    <name>DataMenu</name>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Copy the data file into the backups folder</source>
        <translation>把数据文件复制到备份文件夹</translation>
    </message>
    <message>
        <source>Check the data file</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <source>Integrity and foreign-key checks</source>
        <translation>完整性检查和记录关联检查</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Replace the data with a backup (the current data is backed up first)</source>
        <translation>用备份替换现有数据（会先备份现有数据）</translation>
    </message>
    <message>
        <source>Merge another data file…</source>
        <translation>合并另一个数据文件…</translation>
    </message>
    <message>
        <source>Bring in another laptop&apos;s data file</source>
        <translation>导入另一台电脑的数据文件</translation>
    </message>
    <message>
        <source>Clear old personal data…</source>
        <translation>清除旧个人信息…</translation>
    </message>
    <message>
        <source>Clear the personal details of people not seen for the keeping period set in Settings</source>
        <translation>清除超过设置中的保留期限没有来过的人的个人信息</translation>
    </message>
    <message>
        <source>Only an administrator may do this (signed in: {name}).</source>
        <translation>只有管理员可以执行此操作（当前登录：{name}）。</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>Please wait: the previous data task is still running.</source>
        <translation>请稍候：上一个数据任务还在进行。</translation>
    </message>
    <message>
        <source>The data file is open read-only because it is damaged: restore a backup instead.</source>
        <translation>数据文件已损坏，现以只读方式打开：请改为从备份恢复。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>已备份到 {path}</translation>
    </message>
    <message>
        <source>Copied to the second folder: {path}</source>
        <translation>已复制到第二个文件夹：{path}</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Checking the data file…</source>
        <translation>正在检查数据文件…</translation>
    </message>
    <message>
        <source>Newest good backup: {path}. Restore it from this menu.</source>
        <translation>最新的完好备份：{path}。可在此菜单中恢复。</translation>
    </message>
    <message>
        <source>No good backup was found.</source>
        <translation>没有找到完好的备份。</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Data files (*.db *.sqlite);;All files (*)</source>
        <translation>数据文件 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace all data with the backup {path}?

The current data is backed up first, so this can be undone by restoring that copy.</source>
        <translation>用备份 {path} 替换全部数据吗？

会先备份现有数据，之后可以恢复那份备份来撤销。</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>The data was restored from {path}.</source>
        <translation>已从 {path} 恢复数据。</translation>
    </message>
    <message>
        <source>The data as it was before is backed up in {path}</source>
        <translation>恢复前的数据已备份到 {path}</translation>
    </message>
    <message>
        <source>The damaged data file was kept in {path}</source>
        <translation>原来已损坏的数据文件保存在 {path}</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
</context>
<context>
    <name>DeskWarning</name>
    <message>
        <source>Use this desk</source>
        <translation>使用此桌号</translation>
    </message>
    <message>
        <source>This laptop is desk</source>
        <translation>本机是第</translation>
    </message>
    <message>
        <source>of</source>
        <translation>台，共</translation>
    </message>
    <message>
        <source>desks</source>
        <translation>台</translation>
    </message>
    <message>
        <source>This data file was copied here from {machine} ({path}) and still issues the ticket numbers of desk {slot} of {count}, like the laptop it came from: if both issue tickets, numbers repeat. Choose this laptop&apos;s desk.</source>
        <translation>此数据文件是从 {machine}（{path}）复制来的，仍按第 {slot} 台（共 {count} 台）的号段发号，与原来那台电脑相同：两台都发号就会重号。请选择本机的桌号。</translation>
    </message>
</context>
<context>
    <name>DevicesBox</name>
    <message>
        <source>Paired devices</source>
        <translation>已配对的设备</translation>
    </message>
    <message>
        <source>No device is paired yet.</source>
        <translation>还没有配对的设备。</translation>
    </message>
    <message>
        <source>Every pairing ends when the market day closes: scan again at the next market. Revoke a lost or borrowed phone (Del): it stops at once.</source>
        <translation>收市时所有配对自动结束，下一场集市请重新扫码。手机丢了或借给了别人就撤销它（Del 键）：它立即停止工作。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>End this device&apos;s pairing now</source>
        <translation>立即结束这台设备的配对</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>撤销设备</translation>
    </message>
    <message>
        <source>Revoke {label} ({name})? It stops at once; to carry on it must scan a new code.</source>
        <translation>撤销 {label}（{name}）？它会立即停止工作；要继续使用须重新扫码。</translation>
    </message>
    <message>
        <source>{label} revoked.</source>
        <translation>已撤销 {label}。</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <source>Stall</source>
        <translation>摊位</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Paired</source>
        <translation>配对时间</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后在线</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Ended (market closed)</source>
        <translation>已结束（已收市）</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Public display</source>
        <translation>公共显示屏</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Paired by {operator}</source>
        <translation>由 {operator} 配对</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Now calling</source>
        <translation>正在叫号</translation>
    </message>
    <message>
        <source>The market has not opened yet</source>
        <translation>集市尚未开始</translation>
    </message>
    <message>
        <source>Public display</source>
        <translation>公共显示屏</translation>
    </message>
    <message>
        <source>Service market</source>
        <translation>服务集市</translation>
    </message>
    <message>
        <source>Today&apos;s market at {village} has closed. Thank you for coming</source>
        <translation>{village}今天的集市已收市，谢谢大家</translation>
    </message>
    <message>
        <source>Public display — {village}</source>
        <translation>公共显示屏 — {village}</translation>
    </message>
    <message>
        <source>Service market · {village} · {date}</source>
        <translation>服务集市 · {village} · {date}</translation>
    </message>
    <message>
        <source>Please wait to be called</source>
        <translation>请耐心等候叫号</translation>
    </message>
    <message>
        <source>please go to {stall}</source>
        <translation>请到 {stall} 摊位</translation>
    </message>
    <message>
        <source>counter {n}</source>
        <translation>{n} 号窗口</translation>
    </message>
</context>
<context>
    <name>DuplicatesPanel</name>
    <message>
        <source>This may be someone already registered. Is it the same person?</source>
        <translation>此人可能已经登记过。是同一个人吗？</translation>
    </message>
    <message>
        <source>Same person: use this record</source>
        <translation>是同一人：使用这条记录</translation>
    </message>
    <message>
        <source>Different person: save as new</source>
        <translation>不是同一人：另存为新村民</translation>
    </message>
    <message>
        <source>{n} years</source>
        <translation>{n} 岁</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <source>same name, village and birth year</source>
        <translation>姓名、村、出生年份相同</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something unexpected went wrong. What was saved before is safe. If it happens again, restart the program and tell the person who supports it.</source>
        <translation>出现了意外问题。之前保存的数据是安全的。如果再次出现，请重新启动软件，并告诉负责维护的人员。</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <source>Details were written to {path}</source>
        <translation>详细情况已记录在 {path}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>FieldsPanel</name>
    <message>
        <source>Field (中文)</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>Field (English)</source>
        <translation>英文名</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Unit (中文)</source>
        <translation>中文单位</translation>
    </message>
    <message>
        <source>Unit (English)</source>
        <translation>英文单位</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>The kind of answer the new field records</source>
        <translation>新记录项要记录的内容类型</translation>
    </message>
    <message>
        <source>Add field</source>
        <translation>添加记录项</translation>
    </message>
    <message>
        <source>Remove field</source>
        <translation>删除记录项</translation>
    </message>
    <message>
        <source>The stall&apos;s form shows the fields in this order</source>
        <translation>摊位的记录表按此顺序显示各记录项</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Option (中文)</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>Option (English)</source>
        <translation>英文名</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Add option</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>Remove option</source>
        <translation>删除选项</translation>
    </message>
    <message>
        <source>Choose a field of the type “choice” to edit what the stall can pick.</source>
        <translation>选中“选项”类型的记录项，即可编辑摊位可选的内容。</translation>
    </message>
    <message>
        <source>Only number fields have a unit and a range</source>
        <translation>只有数字类记录项才有单位和范围</translation>
    </message>
    <message>
        <source>Options of “{field}”</source>
        <translation>“{field}”的选项</translation>
    </message>
    <message>
        <source>What the data file stores: small letters, digits and _</source>
        <translation>数据文件中保存的代码：小写英文字母、数字和下划线</translation>
    </message>
    <message>
        <source>Remove the field “{field}”? Market days already opened keep it.</source>
        <translation>删除记录项“{field}”吗？已开设的集市仍保留它。</translation>
    </message>
    <message>
        <source>It is used by {names}: their conditions on it are removed too.</source>
        <translation>{names}用到了它：其中有关的条件也会一并删除。</translation>
    </message>
    <message>
        <source>Remove the option “{option}”?</source>
        <translation>删除选项“{option}”吗？</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <source>Welcome to the service market. One question before the first market: which township runs it?</source>
        <translation>欢迎使用服务集市。开第一场集市之前先问一句：是哪个乡镇举办的？</translation>
    </message>
    <message>
        <source>e.g. 城南乡</source>
        <translation>如 城南乡</translation>
    </message>
    <message>
        <source>It heads the daily summary and the window. Settings (F7) can change it later.</source>
        <translation>它会印在日报标题和窗口标题上，以后可在“设置”（F7）里修改。</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再填</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>A flag marks a visit for attention (high blood pressure or glucose: the doctor&apos;s follow-up list). Rules with the same name raise the same flag.</source>
        <translation>提示用来标出需要关注的服务记录（血压偏高、血糖偏高会列入医生的回访名单）。同名的规则给出同一个提示。</translation>
    </message>
    <message>
        <source>Flag (中文)</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>Flag (English)</source>
        <translation>英文名</translation>
    </message>
    <message>
        <source>Raised when</source>
        <translation>何时提示</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Add flag rule</source>
        <translation>添加提示规则</translation>
    </message>
    <message>
        <source>Remove flag rule</source>
        <translation>删除提示规则</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>记录项</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation>删除条件</translation>
    </message>
    <message>
        <source>all conditions hold</source>
        <translation>全部条件成立</translation>
    </message>
    <message>
        <source>any condition holds</source>
        <translation>任一条件成立</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source> and </source>
        <translation> 且 </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Conditions of the flag “{flag}”</source>
        <translation>提示“{flag}”的条件</translation>
    </message>
    <message>
        <source>Conditions of the new flag rule</source>
        <translation>新提示规则的条件</translation>
    </message>
    <message>
        <source>Conditions: choose a flag rule</source>
        <translation>条件：请先选中一条提示规则</translation>
    </message>
    <message>
        <source>Remove the rule “{flag}”: {conditions}?</source>
        <translation>删除提示规则“{flag}”（{conditions}）吗？</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Staff guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>The quick-start guide for market-day staff (PDF)</source>
        <translation>集市当天工作人员快速上手指南（PDF）</translation>
    </message>
    <message>
        <source>Self-check…</source>
        <translation>自检…</translation>
    </message>
    <message>
        <source>Check this laptop before a market day: data, window, font, voice, sound, printer, screens</source>
        <translation>开集市前检查这台电脑：数据、窗口、字体、语音、声音、打印机、屏幕</translation>
    </message>
    <message>
        <source>The staff guide is missing from this installation.</source>
        <translation>本次安装中缺少使用指南。</translation>
    </message>
    <message>
        <source>No program to show PDF files was found. The guide is here:
{path}</source>
        <translation>没有找到可以打开 PDF 文件的程序。指南在这里：
{path}</translation>
    </message>
</context>
<context>
    <name>HubControl</name>
    <message>
        <source>This laptop has no LAN address (not connected to the router?). Connect it, or choose 127.0.0.1 to serve this computer only.</source>
        <translation>本机没有局域网地址（没有连上路由器？）。请先连上路由器，或选择 127.0.0.1 只供本机使用。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开启…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在关闭…</translation>
    </message>
    <message>
        <source>Serving at {url} · {n} online</source>
        <translation>正在服务：{url} · {n} 台在线</translation>
    </message>
    <message>
        <source>This computer only: phones cannot connect. Choose this laptop&apos;s address on the router for them.</source>
        <translation>只限本机：手机连不上。要让手机连上，请选择本机在路由器上的地址。</translation>
    </message>
    <message>
        <source>Listening on every network this laptop is on, not only the market&apos;s router.</source>
        <translation>正在本机所在的所有网络上服务，不只是集市的路由器。</translation>
    </message>
    <message>
        <source>Not serving: the saved address {old} is no longer this laptop&apos;s; its address now is {new}.</source>
        <translation>未开启：上次保存的地址 {old} 已不是本机的地址；本机现在的地址是 {new}。</translation>
    </message>
    <message>
        <source>Not serving: the saved address {old} is no longer this laptop&apos;s, and it has no LAN address now (not connected to the router?).</source>
        <translation>未开启：上次保存的地址 {old} 已不是本机的地址，本机现在也没有局域网地址（没有连上路由器？）。</translation>
    </message>
    <message>
        <source>Could not start: {reason}</source>
        <translation>未能开启：{reason}</translation>
    </message>
    <message>
        <source>Off: stall phones and displays cannot connect.</source>
        <translation>已关闭：摊位手机和显示屏连不上。</translation>
    </message>
</context>
<context>
    <name>HubStatus</name>
    <message>
        <source>Stall devices: {n} online</source>
        <translation>摊位设备 {n} 台在线</translation>
    </message>
    <message>
        <source>Stall devices: starting…</source>
        <translation>摊位设备服务正在开启…</translation>
    </message>
    <message>
        <source>Stall devices: not served</source>
        <translation>摊位设备服务未开启</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a village roster</source>
        <translation>导入村民花名册</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>CSV (.csv) or Excel workbook (.xlsx)</source>
        <translation>CSV 文件（.csv）或 Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Importing… nothing is saved until it finishes.</source>
        <translation>正在导入……全部完成后才会保存。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save rejected rows…</source>
        <translation>保存未导入的行…</translation>
    </message>
    <message>
        <source>Choose a village roster</source>
        <translation>选择村民花名册</translation>
    </message>
    <message>
        <source>Rosters (*.csv *.xlsx *.xlsm *.txt *.tsv);;All files (*)</source>
        <translation>花名册 (*.csv *.xlsx *.xlsm *.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件……</translation>
    </message>
    <message>
        <source>Cancelling… undoing what was imported.</source>
        <translation>正在取消……撤销已导入的内容。</translation>
    </message>
    <message>
        <source>Import cancelled. Nothing was changed.</source>
        <translation>已取消导入，数据没有任何改动。</translation>
    </message>
    <message>
        <source>The import failed and nothing was changed: {reason}</source>
        <translation>导入失败，数据没有任何改动：{reason}</translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>保存未导入的行</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save the file</source>
        <translation>无法保存文件</translation>
    </message>
    <message>
        <source>Rejected rows saved to {path}</source>
        <translation>未导入的行已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ImportSummaryView</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Added: {n}</source>
        <translation>新增：{n}</translation>
    </message>
    <message>
        <source>Updated: {n}</source>
        <translation>更新：{n}</translation>
    </message>
    <message>
        <source>Unchanged: {n}</source>
        <translation>无变化：{n}</translation>
    </message>
    <message>
        <source>Rejected: {n}</source>
        <translation>未导入：{n}</translation>
    </message>
    <message>
        <source>{n} added people resemble someone already registered and were flagged for checking.</source>
        <translation>新增的人中有 {n} 人与已登记村民相似，已标记待核对。</translation>
    </message>
    <message>
        <source>New villages: {names}</source>
        <translation>新建的村：{names}</translation>
    </message>
    <message>
        <source>Rejected rows (fix them in the file and import it again):</source>
        <translation>未导入的行（请在文件中改正后重新导入）：</translation>
    </message>
    <message>
        <source>No rows were rejected.</source>
        <translation>所有行都已导入。</translation>
    </message>
</context>
<context>
    <name>Lifecycle</name>
    <message>
        <source>The data file is already open</source>
        <translation>数据文件已打开</translation>
    </message>
    <message>
        <source>Cannot open the data file</source>
        <translation>无法打开数据文件</translation>
    </message>
    <message>
        <source>Where the data file is kept</source>
        <translation>数据文件的存放位置</translation>
    </message>
    <message>
        <source>The data file is damaged</source>
        <translation>数据文件已损坏</translation>
    </message>
    <message>
        <source>Restore the newest good backup now? (The damaged file is kept in the backups folder.) Choose No to open it read-only.</source>
        <translation>现在从最新的完好备份恢复吗？（损坏的文件会保留在备份文件夹中。）选“否”则以只读方式打开。</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <source>The data was restored from {path}.</source>
        <translation>已从 {path} 恢复数据。</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>The data file is damaged and open read-only: restore a backup from the Data menu.</source>
        <translation>数据文件已损坏，现以只读方式打开：请从“数据”菜单恢复备份。</translation>
    </message>
    <message>
        <source>Automatic backup failed: {reason}</source>
        <translation>自动备份失败：{reason}</translation>
    </message>
    <message>
        <source>Automatic backup</source>
        <translation>自动备份</translation>
    </message>
    <message>
        <source>The automatic backup did not work: {reason}

The data itself is safe. It will be tried again; this message is not shown again until a backup works.</source>
        <translation>自动备份没有成功：{reason}

数据本身是安全的。程序会再次尝试；在备份成功之前不再显示此消息。</translation>
    </message>
    <message>
        <source>Backup on exit</source>
        <translation>退出时备份</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>The backup on exit did not work: {reason}

The data itself is safe. Back up from the Data menu the next time the app is open.</source>
        <translation>退出时的备份没有完成：{reason}

数据本身是安全的。下次打开程序时，请在“数据”菜单中立即备份。</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Registration</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Stall desk</source>
        <translation>摊位</translation>
    </message>
    <message>
        <source>Villagers</source>
        <translation>村民</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Public display</source>
        <translation>公共显示屏</translation>
    </message>
    <message>
        <source>Open the calling screen on the TV (F8)</source>
        <translation>在电视上打开叫号屏（F8）</translation>
    </message>
    <message>
        <source>&amp;Market</source>
        <translation>集市(&amp;M)</translation>
    </message>
    <message>
        <source>Close market day…</source>
        <translation>收市…</translation>
    </message>
    <message>
        <source>Close today&apos;s market: back up, save and print the day&apos;s summary</source>
        <translation>结束今天的集市：备份数据，保存并打印当日日报</translation>
    </message>
    <message>
        <source>Reopen market day…</source>
        <translation>重新开集…</translation>
    </message>
    <message>
        <source>Open again a market closed today by mistake: the people it sent away go back in line</source>
        <translation>重新开设今天误收市的集市：收市时未办理的人回到队列</translation>
    </message>
    <message>
        <source>{village} market: {when}</source>
        <translation>{village}集市：{when}</translation>
    </message>
    <message>
        <source>The outcome typed for {label} at the stall desk is not saved: quitting now loses it.</source>
        <translation>在摊位台为 {label} 填写的结果还没有保存：现在退出就会丢失。</translation>
    </message>
    <message>
        <source>The market at {village} is still open, {n} people waiting or called. It stays open: start the app again to carry on, or close the market day (Market menu) first.</source>
        <translation>{village}的集市还没有收市，{n} 人在等候或已叫号。退出后集市仍然开着：再打开程序即可接着办；也可以先收市（菜单“集市”）。</translation>
    </message>
    <message>
        <source>Quit the service market?</source>
        <translation>退出服务集市？</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <source>Go to {label}</source>
        <translation>去 {label}</translation>
    </message>
    <message>
        <source>{township} — Service market</source>
        <translation>{township}服务集市</translation>
    </message>
    <message>
        <source>Service market</source>
        <translation>服务集市</translation>
    </message>
</context>
<context>
    <name>MarketDaysModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>号票</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已收市</translation>
    </message>
</context>
<context>
    <name>MarketStatusBar</name>
    <message>
        <source>No market open</source>
        <translation>未开集</translation>
    </message>
    <message>
        <source>Served {served} · Waiting {waiting}</source>
        <translation>已办结 {served} · 等候 {waiting}</translation>
    </message>
    <message>
        <source>Data file: {path}</source>
        <translation>数据文件：{path}</translation>
    </message>
    <message>
        <source>No backup yet</source>
        <translation>尚无备份</translation>
    </message>
    <message>
        <source>Last backup: {time}</source>
        <translation>上次备份：{time}</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge another data file</source>
        <translation>合并另一个数据文件</translation>
    </message>
    <message>
        <source>The other laptop&apos;s data file (.db)</source>
        <translation>另一台电脑的数据文件（.db）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>A dry run: shows what the merge would change, changes nothing</source>
        <translation>试运行：显示合并将做的改动，不改动数据</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the file, preview, then merge. The data file is backed up before the merge.</source>
        <translation>选择文件，先预览，再合并。合并前会先备份数据文件。</translation>
    </message>
    <message>
        <source>Data files (*.db *.sqlite);;All files (*)</source>
        <translation>数据文件 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Previewing…</source>
        <translation>正在预览…</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何改动。</translation>
    </message>
    <message>
        <source>Preview done: nothing was changed yet. Press Merge to bring the data in.</source>
        <translation>预览完成：数据尚未改动。按“合并”导入数据。</translation>
    </message>
    <message>
        <source>Merged.</source>
        <translation>合并完成。</translation>
    </message>
    <message>
        <source>Folded into the record they were merged into: {folded}; removed people whose personal data was dropped: {dropped}.</source>
        <translation>按合并记录并入保留的村民记录：{folded} 条；已清除的村民，个人信息未带回：{dropped} 条。</translation>
    </message>
</context>
<context>
    <name>NoMarket</name>
    <message>
        <source>Closed at {time} by {name}.</source>
        <translation>{time} 由 {name} 收市。</translation>
    </message>
    <message>
        <source>Closed at {time}.</source>
        <translation>{time} 收市。</translation>
    </message>
</context>
<context>
    <name>NoMarketPanel</name>
    <message>
        <source>Reopen market day…</source>
        <translation>重新开集…</translation>
    </message>
    <message>
        <source>Closed by mistake? Open it again: the people it sent away go back in line</source>
        <translation>误收市了？重新开集：收市时没轮到的人按原顺序回到队列</translation>
    </message>
    <message>
        <source>No market is open today</source>
        <translation>今天还没有开集</translation>
    </message>
    <message>
        <source>Open today&apos;s market…</source>
        <translation>今天开集…</translation>
    </message>
    <message>
        <source>Choose the host village and the stalls; nothing else has to be set up first.</source>
        <translation>选择举办村和摊位即可，无需事先做其他设置。</translation>
    </message>
    <message>
        <source>The market at {village} is closed</source>
        <translation>{village}的集市已收市</translation>
    </message>
    <message>
        <source>Open a market in another village…</source>
        <translation>在另一个村开集…</translation>
    </message>
    <message>
        <source>The day&apos;s summary is on the Reports page (F6).</source>
        <translation>当天的日报在“报表”页（F6）。</translation>
    </message>
</context>
<context>
    <name>OpenMarketDialog</name>
    <message>
        <source>Open today&apos;s market</source>
        <translation>今天开集</translation>
    </message>
    <message>
        <source>Type the host village; a new name is fine</source>
        <translation>输入举办村；新村名也可以</translation>
    </message>
    <message>
        <source>Stall</source>
        <translation>摊位</translation>
    </message>
    <message>
        <source>Staff (separate names with commas)</source>
        <translation>工作人员（姓名之间用逗号分隔）</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>窗口数</translation>
    </message>
    <message>
        <source>Closes at</source>
        <translation>收摊时间</translation>
    </message>
    <message>
        <source>Sets every stall&apos;s closing time; one stall&apos;s own can be changed in its row</source>
        <translation>设定所有摊位的收摊时间；某个摊位不同的，可在它那一行里改</translation>
    </message>
    <message>
        <source>Open the market</source>
        <translation>开集</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Host village</source>
        <translation>举办村</translation>
    </message>
    <message>
        <source>Stalls close at</source>
        <translation>今天收摊时间</translation>
    </message>
    <message>
        <source>It is past {usual}, the usual closing time: when do the stalls close today?</source>
        <translation>现在已过平时的收摊时间 {usual}：今天几点收摊？</translation>
    </message>
    <message>
        <source>{stall}: the closing time {time} has passed already (it is {now}). When do the stalls close today?</source>
        <translation>{stall}的收摊时间 {time} 已经过了（现在 {now}）。今天几点收摊？</translation>
    </message>
    <message>
        <source>Use this market</source>
        <translation>使用这场集市</translation>
    </message>
    <message>
        <source>Reopen market day…</source>
        <translation>重新开集…</translation>
    </message>
</context>
<context>
    <name>PairingBox</name>
    <message>
        <source>Pairing QR codes</source>
        <translation>配对二维码</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>A new code for this stall; the old one stops working</source>
        <translation>为这个摊位生成新的二维码；旧的随即失效</translation>
    </message>
    <message>
        <source>Scan with the phone&apos;s camera or WeChat&apos;s scanner. One code pairs one device, for {minutes} minutes; pairings end when the market day closes.</source>
        <translation>用手机相机或微信“扫一扫”扫码。一个二维码只能配对一台设备，{minutes} 分钟内有效；收市时配对自动结束。</translation>
    </message>
    <message>
        <source>Public display</source>
        <translation>公共显示屏</translation>
    </message>
    <message>
        <source>counter {n}</source>
        <translation>{n} 号窗口</translation>
    </message>
    <message>
        <source>{n} device(s) paired</source>
        <translation>已配对 {n} 台设备</translation>
    </message>
    <message>
        <source>No market is open today: open the market day, and each stall&apos;s code appears here.</source>
        <translation>今天还没有开集：开集后，这里有每个摊位的二维码。</translation>
    </message>
    <message>
        <source>Turn on the server (left) first: then the phones can connect.</source>
        <translation>请先打开左边的服务开关，手机才能连上。</translation>
    </message>
    <message>
        <source>New code made: it is valid for {minutes} minutes.</source>
        <translation>已生成新的二维码，{minutes} 分钟内有效。</translation>
    </message>
    <message>
        <source>Paired ✓
{device}

Another device? Press Refresh for a new code.</source>
        <translation>已配对 ✓
{device}

还要配对另一台设备？请按“刷新”生成新的二维码。</translation>
    </message>
    <message>
        <source>This code has been used.</source>
        <translation>这个二维码已经用过了。</translation>
    </message>
    <message>
        <source>This code has expired.
Press Refresh for a new one.</source>
        <translation>这个二维码已过期。
请按“刷新”生成新的。</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>One device · valid until {time} ({left} left)</source>
        <translation>限一台设备 · {time} 前有效（还剩 {left}）</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>The report appears here once it is built.</source>
        <translation>报告生成后在这里预览。</translation>
    </message>
    <message>
        <source>The report was built, but it cannot be shown here. Save it and open it with a PDF reader.</source>
        <translation>报告已生成，但无法在此预览。请另存后用PDF阅读器打开。</translation>
    </message>
</context>
<context>
    <name>PinBox</name>
    <message>
        <source>Stall PIN</source>
        <translation>摊位 PIN</translation>
    </message>
    <message>
        <source>Pairing a stall phone needs a stall worker&apos;s name and PIN</source>
        <translation>摊位手机配对时须输入摊位人员的姓名和 PIN</translation>
    </message>
    <message>
        <source>After scanning, the phone asks for the name and PIN of a stall worker or an administrator — the ones used to sign in here; wrong PINs lock the name out as at sign-in. What the phone then does is recorded under that name. The public display needs no PIN.</source>
        <translation>扫码后，手机会要求输入摊位人员或管理员的姓名和 PIN（即在本机登录用的）；PIN 输错多次会像登录时一样暂时锁定。之后在这部手机上的操作都记在此人名下。公共显示屏不需要 PIN。</translation>
    </message>
    <message>
        <source>Only an administrator can change this</source>
        <translation>只有管理员可以更改</translation>
    </message>
    <message>
        <source>Saved: stall phones pair with a name and PIN.</source>
        <translation>已保存：摊位手机配对时须输入姓名和 PIN。</translation>
    </message>
    <message>
        <source>Saved: stall phones pair with the QR code alone.</source>
        <translation>已保存：摊位手机扫码即可配对。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This screen is coming soon.</source>
        <translation>此页面即将推出。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QrCode</name>
    <message>
        <source>Pairing QR code</source>
        <translation>配对二维码</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号票</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Waited (min)</source>
        <translation>已等（分钟）</translation>
    </message>
    <message>
        <source>Expected (min)</source>
        <translation>预计（分钟）</translation>
    </message>
    <message>
        <source>counter {n}</source>
        <translation>{n} 号窗口</translation>
    </message>
    <message>
        <source>called again ×{n}</source>
        <translation>已重呼 ×{n}</translation>
    </message>
</context>
<context>
    <name>QueuesPage</name>
    <message>
        <source>Queues</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>Counter </source>
        <translation>窗口 </translation>
    </message>
    <message>
        <source>The counter that &quot;Call next&quot; calls to</source>
        <translation>“叫下一位”叫到的窗口</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Back to line</source>
        <translation>重新排队</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转摊位…</translation>
    </message>
    <message>
        <source>Cancel ticket</source>
        <translation>取消号票</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Priority…</source>
        <translation>优先级…</translation>
    </message>
    <message>
        <source>{letter}  {stall}: {waiting} waiting</source>
        <translation>{letter}  {stall}：{waiting} 人等候</translation>
    </message>
    <message>
        <source>Choose a ticket in the list first.</source>
        <translation>请先在列表中选择一个号票。</translation>
    </message>
    <message>
        <source>Nobody is waiting who can be called now.</source>
        <translation>现在没有可以叫号的等候者。</translation>
    </message>
    <message>
        <source>{label} called to counter {counter}.</source>
        <translation>已叫 {label} 到 {counter} 号窗口。</translation>
    </message>
    <message>
        <source>{label} called again.</source>
        <translation>已重呼 {label}。</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Every counter of this stall has somebody: finish one, or mark them “No-show”, first.</source>
        <translation>本摊位每个窗口都有人：请先办结一位，或标为“过号”。</translation>
    </message>
    <message>
        <source>{label} marked as a no-show. If the villager comes back, choose “Back to line”.</source>
        <translation>{label} 已标为过号。村民回来后请选择“重新排队”。</translation>
    </message>
    <message>
        <source>{label} is back in the line.</source>
        <translation>{label} 已重新排队。</translation>
    </message>
    <message>
        <source>{old} moved: the new ticket is {new}.</source>
        <translation>{old} 已转出：新号票为 {new}。</translation>
    </message>
    <message>
        <source>Cancel {label}? The villager leaves this line.</source>
        <translation>取消 {label}？该村民将离开此队列。</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Priority (staff decision)</source>
        <translation>优先（工作人员决定）</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>New priority for {label}:</source>
        <translation>{label} 的新优先级：</translation>
    </message>
    <message>
        <source>{label}: priority changed. Ctrl+Z undoes it.</source>
        <translation>{label}：优先级已更改。Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>{label} cancelled. Ctrl+Z undoes it.</source>
        <translation>{label} 已取消。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Nothing was undone.</source>
        <translation>没有撤销任何操作。</translation>
    </message>
    <message>
        <source>Stall &amp;devices…</source>
        <translation>摊位设备(&amp;D)…</translation>
    </message>
    <message>
        <source>Pair stall phones and displays (QR codes); the paired devices</source>
        <translation>配对摊位手机和显示屏（二维码）；查看已配对的设备</translation>
    </message>
</context>
<context>
    <name>RaiseRequestDialog</name>
    <message>
        <source>Raise a request for {name}</source>
        <translation>为 {name} 登记诉求</translation>
    </message>
    <message>
        <source>What is the problem, and what was promised?</source>
        <translation>是什么问题？答应了什么？</translation>
    </message>
    <message>
        <source>e.g. township health centre</source>
        <translation>例如：乡镇卫生院</translation>
    </message>
    <message>
        <source>Due by</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>负责单位</translation>
    </message>
    <message>
        <source>Raise request</source>
        <translation>登记诉求</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RangePicker</name>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <source>Last quarter</source>
        <translation>上季度</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>RegistrationDesk</name>
    <message>
        <source>No printer: the slips were saved to {path}</source>
        <translation>没有打印机：号票已保存到 {path}</translation>
    </message>
    <message>
        <source>Slips sent to the printer {name}</source>
        <translation>号票已发送到打印机 {name}</translation>
    </message>
    <message>
        <source>The slips could not be printed or saved; write the numbers down.</source>
        <translation>号票无法打印也无法保存，请把号码写给村民。</translation>
    </message>
    <message>
        <source>{label} {stall}: {n} ahead, about {minutes} min</source>
        <translation>{label} {stall}：前面 {n} 人，约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>(the stall&apos;s closing time has passed)</source>
        <translation>（已过收摊时间）</translation>
    </message>
    <message>
        <source>(may not get a turn before closing)</source>
        <translation>（收摊前可能轮不到）</translation>
    </message>
    <message>
        <source>{stall}: not issued. {reason}</source>
        <translation>{stall}：未取号。{reason}</translation>
    </message>
    <message>
        <source>Tickets for {name}:</source>
        <translation>{name} 的号票：</translation>
    </message>
    <message>
        <source>Nothing issued for {name}:</source>
        <translation>{name} 未取到号：</translation>
    </message>
    <message>
        <source>No printer</source>
        <translation>没有打印机</translation>
    </message>
    <message>
        <source>The slip could not be printed or saved</source>
        <translation>号票没能打印，也没能保存</translation>
    </message>
    <message>
        <source>⚠ {why}: no slip came out. Write {labels} on a piece of paper for the villager.</source>
        <translation>⚠ {why}：号票没有打印出来。请把 {labels} 写在纸上交给村民。</translation>
    </message>
    <message>
        <source>(saved as {path}: print it later)</source>
        <translation>（已存为 {path}，可以稍后打印）</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <source>New villager (Ctrl+N)</source>
        <translation>新村民（Ctrl+N）</translation>
    </message>
    <message>
        <source>Name, pinyin initials or last 4 of ID/phone, then Enter</source>
        <translation>姓名、拼音首字母、身份证或手机号后 4 位 — 回车选中</translation>
    </message>
    <message>
        <source>Issue tickets (Enter)</source>
        <translation>取号（回车）</translation>
    </message>
    <message>
        <source>{village} service market · {date}</source>
        <translation>{village} 服务集市 · {date}</translation>
    </message>
    <message>
        <source>(not today&apos;s date)</source>
        <translation>（不是今天的日期）</translation>
    </message>
    <message>
        <source>No tickets for {name}: the ticked stalls were cleared for the new search. Choose {name} again to issue them.</source>
        <translation>没有给 {name} 取号：开始新的查找时，已勾选的摊位已取消。要取号请重新选择 {name}。</translation>
    </message>
    <message>
        <source>Enter chooses the highlighted person.</source>
        <translation>按回车选中高亮的村民。</translation>
    </message>
    <message>
        <source>Nobody found. Ctrl+N registers a new villager.</source>
        <translation>没有找到。按 Ctrl+N 登记新村民。</translation>
    </message>
    <message>
        <source>{age} years</source>
        <translation>{age} 岁</translation>
    </message>
    <message>
        <source>today: {labels}</source>
        <translation>今日已取：{labels}</translation>
    </message>
    <message>
        <source>already holds {label}</source>
        <translation>已有号票 {label}</translation>
    </message>
    <message>
        <source>Choose a person first.</source>
        <translation>请先选中一位村民。</translation>
    </message>
    <message>
        <source>Tick at least one stall: press its number.</source>
        <translation>请至少勾选一个摊位：按摊位前的数字键。</translation>
    </message>
</context>
<context>
    <name>ReopenMarketDialog</name>
    <message>
        <source>Reopen the market day</source>
        <translation>重新开集</translation>
    </message>
    <message>
        <source>Registration and calling carry on as before. Ticket numbers are never used twice: new tickets continue after the highest number. Who reopened the day, and when, is recorded.</source>
        <translation>重新开集后照常登记、叫号。号码不会重复使用：新号票接着最大的号往后编。谁在何时重新开集会被记录下来。</translation>
    </message>
    <message>
        <source>Reopen the market</source>
        <translation>重新开集</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No market closed today</source>
        <translation>今天没有已收市的集市</translation>
    </message>
    <message>
        <source>Only a market day closed today can be reopened.</source>
        <translation>只能重新开今天收市的集市。</translation>
    </message>
    <message>
        <source>Reopen {village} · {date}?</source>
        <translation>重新开设 {village} · {date} 的集市？</translation>
    </message>
    <message>
        <source>It was closed at {time} (reason: {reason}).</source>
        <translation>该集市已于 {time} 收市（原因：{reason}）。</translation>
    </message>
    <message>
        <source>It was closed at {time}.</source>
        <translation>该集市已于 {time} 收市。</translation>
    </message>
    <message>
        <source>The {n} people not served at closing go back in line, in their old order</source>
        <translation>收市时未办理的 {n} 人回到队列，按原来的顺序</translation>
    </message>
</context>
<context>
    <name>ReportPrint</name>
    <message>
        <source>Print the report</source>
        <translation>打印报告</translation>
    </message>
    <message>
        <source>No printer is installed: save the printout as a PDF file</source>
        <translation>未安装打印机：将打印内容保存为PDF文件</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>One market day (daily summary)</source>
        <translation>单场集市（集市日报）</translation>
    </message>
    <message>
        <source>A period (month, quarter, year…)</source>
        <translation>一段时间（月、季度、年…）</translation>
    </message>
    <message>
        <source>Language of the report</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <source>Staff copy with full names</source>
        <translation>内部版（显示完整姓名）</translation>
    </message>
    <message>
        <source>Contains personal data: full names and ID numbers. For staff only; do not post it or hand it out.</source>
        <translation>含个人信息：完整姓名和身份证号。仅供工作人员使用，请勿张贴或外发。</translation>
    </message>
    <message>
        <source>Build report</source>
        <translation>生成报告</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>There is no market day yet. Open a market first (on the Registration page); its report can be built here.</source>
        <translation>还没有集市。请先在“登记”页开集，之后可在这里生成报告。</translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>The report is ready: {pages} pages. Save it or print it.</source>
        <translation>报告已生成，共 {pages} 页。可以另存或打印。</translation>
    </message>
    <message>
        <source>Some characters are missing from the font and show as 〓: {chars}</source>
        <translation>字体缺少以下字符，显示为〓：{chars}</translation>
    </message>
    <message>
        <source>Cancelled. No report was written.</source>
        <translation>已取消，未生成报告。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Could not save the file: {reason}</source>
        <translation>文件未能保存：{reason}</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>已取消打印。</translation>
    </message>
    <message>
        <source>No printer: the printout was saved as {path}</source>
        <translation>没有打印机：打印内容已另存为 {path}</translation>
    </message>
    <message>
        <source>Sent {pages} pages to the printer.</source>
        <translation>已发送 {pages} 页到打印机。</translation>
    </message>
    <message>
        <source>The printer could not be started ({name}). Check that it is switched on, or save the report as a PDF.</source>
        <translation>打印机无法启动（{name}）。请检查打印机是否已开机，或将报告另存为PDF。</translation>
    </message>
</context>
<context>
    <name>RequestActionDialog</name>
    <message>
        <source>Resolve the request</source>
        <translation>办结诉求</translation>
    </message>
    <message>
        <source>Refer to another unit</source>
        <translation>转办其他单位</translation>
    </message>
    <message>
        <source>Reopen the request</source>
        <translation>重新打开诉求</translation>
    </message>
    <message>
        <source>Record a follow-up</source>
        <translation>登记回访</translation>
    </message>
    <message>
        <source>e.g. county civil affairs bureau</source>
        <translation>例如：县民政局</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Refer to</source>
        <translation>转办至</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Why, and what was handed over</source>
        <translation>转办说明</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RequestDetail</name>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>The responsible unit has taken it up</source>
        <translation>负责单位已着手办理</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>办结…</translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation>转办…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Follow-up…</source>
        <translation>回访…</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>History and follow-ups</source>
        <translation>办理记录与回访</translation>
    </message>
    <message>
        <source>No request chosen</source>
        <translation>未选择诉求</translation>
    </message>
    <message>
        <source>Choose a request in the list to see its history and change its status.</source>
        <translation>在列表中选择一条诉求，查看办理记录并更改状态。</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Responsible unit: {unit}</source>
        <translation>负责单位：{unit}</translation>
    </message>
    <message>
        <source>Referred to: {unit}</source>
        <translation>已转办至：{unit}</translation>
    </message>
    <message>
        <source>Due by {date}</source>
        <translation>办结期限 {date}</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Resolution: {text}</source>
        <translation>处理结果：{text}</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>→ {status}</source>
        <translation>→ {status}</translation>
    </message>
    <message>
        <source>to {unit}</source>
        <translation>至 {unit}</translation>
    </message>
    <message>
        <source>{time}  Follow-up: {outcome} ({by})</source>
        <translation>{time}  回访：{outcome}（{by}）</translation>
    </message>
    <message>
        <source>Marked as in progress.</source>
        <translation>已改为“处理中”。</translation>
    </message>
    <message>
        <source>Resolved.</source>
        <translation>已办结。</translation>
    </message>
    <message>
        <source>Referred.</source>
        <translation>已转办。</translation>
    </message>
    <message>
        <source>Reopened.</source>
        <translation>已重新打开。</translation>
    </message>
    <message>
        <source>Follow-up recorded.</source>
        <translation>回访已登记。</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>Raised</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Villager</source>
        <translation>村民</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>负责单位</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Open and in progress</source>
        <translation>待处理和处理中</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>只看逾期</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Village:</source>
        <translation>村：</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>{n} requests</source>
        <translation>{n} 条诉求</translation>
    </message>
    <message>
        <source>{n} overdue</source>
        <translation>{n} 条逾期</translation>
    </message>
    <message>
        <source>No requests match these filters.</source>
        <translation>没有符合条件的诉求。</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>关爱类别</translation>
    </message>
    <message>
        <source>Tickets today</source>
        <translation>今日号票</translation>
    </message>
</context>
<context>
    <name>RosterPreview</name>
    <message>
        <source>CSV file, text encoding: {encoding}</source>
        <translation>CSV 文件，文字编码：{encoding}</translation>
    </message>
    <message>
        <source>Excel workbook, sheet: {sheet}</source>
        <translation>Excel 工作簿，工作表：{sheet}</translation>
    </message>
    <message>
        <source>Header found on row {row}; {n} data rows; {skipped} rows skipped (blank or totals).</source>
        <translation>表头在第 {row} 行；数据 {n} 行；跳过 {skipped} 行（空行或合计行）。</translation>
    </message>
    <message>
        <source>Columns read: {columns}</source>
        <translation>读取到的列：{columns}</translation>
    </message>
    <message>
        <source>Columns not imported: {columns}</source>
        <translation>不导入的列：{columns}</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
</context>
<context>
    <name>SearchRekey</name>
    <message>
        <source>Updating the search for this version…</source>
        <translation>正在为新版本更新搜索…</translation>
    </message>
    <message>
        <source>The search could not be updated ({reason}). It works as before; the update is tried again at the next start.</source>
        <translation>搜索未能更新（{reason}）。仍可照旧查找；下次启动时会再试。</translation>
    </message>
</context>
<context>
    <name>SelfCheckDialog</name>
    <message>
        <source>Self-check</source>
        <translation>自检</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Copy the results</source>
        <translation>复制结果</translation>
    </message>
    <message>
        <source>Copy the results as text, e.g. to send to whoever looks after the laptop</source>
        <translation>把结果复制为文字，例如发给负责这台电脑的人</translation>
    </message>
    <message>
        <source>Checking this laptop… (the voice check takes a few seconds)</source>
        <translation>正在检查这台电脑……（语音检查需要几秒钟）</translation>
    </message>
    <message>
        <source>The self-check stopped: {error}</source>
        <translation>自检中断：{error}</translation>
    </message>
    <message>
        <source>Must fix</source>
        <translation>必须解决</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Data file: {path}</source>
        <translation>数据文件：{path}</translation>
    </message>
</context>
<context>
    <name>ServerBox</name>
    <message>
        <source>Server on this laptop</source>
        <translation>本机服务</translation>
    </message>
    <message>
        <source>Serve stall phones and displays while the program is open</source>
        <translation>程序打开时为摊位手机和显示屏提供服务</translation>
    </message>
    <message>
        <source>Where phones reach this laptop: its address on the market&apos;s router (shown in the QR codes)</source>
        <translation>手机连接本机用的地址：本机在集市路由器上的地址（二维码里的就是它）</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>{address} — this computer only</source>
        <translation>{address} — 只限本机</translation>
    </message>
    <message>
        <source>{address} — every network</source>
        <translation>{address} — 所有网络</translation>
    </message>
    <message>
        <source>{address} — this laptop on the router</source>
        <translation>{address} — 本机在路由器上的地址</translation>
    </message>
    <message>
        <source>Turn the server off to change it</source>
        <translation>先关闭服务才能修改</translation>
    </message>
    <message>
        <source>Use {address} and start</source>
        <translation>改用 {address} 并开启</translation>
    </message>
</context>
<context>
    <name>ServiceDetails</name>
    <message>
        <source>Health: the readings recorded at this stall are health data, and the retention rule clears them with the person&apos;s details</source>
        <translation>医疗健康类：该摊位记录的读数属于健康信息，到期清理个人信息时会一并清除</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Outcome fields</source>
        <translation>记录项</translation>
    </message>
    <message>
        <source>Flag rules</source>
        <translation>提示规则</translation>
    </message>
    <message>
        <source>(new service)</source>
        <translation>（新服务项目）</translation>
    </message>
    <message>
        <source>(retired)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Holds sensitive information such as health: readings shown only at this stall</source>
        <translation>含健康等敏感信息：只在本摊位显示读数</translation>
    </message>
    <message>
        <source>A villager&apos;s earlier readings of this service are shown only at its own stall (the stall desk and the stall&apos;s phone), never at another stall. Health services are sensitive unless unticked here.</source>
        <translation>村民以往在这项服务的读数只在本摊位（摊位台和本摊位的手机）显示，其他摊位看不到。健康类服务默认是敏感的，可在这里取消勾选。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>e.g. 城南乡</source>
        <translation>例如：城南乡</translation>
    </message>
    <message>
        <source>New village name</source>
        <translation>新村名</translation>
    </message>
    <message>
        <source>Add village</source>
        <translation>添加村</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 岁</translation>
    </message>
    <message>
        <source>58 mm roll</source>
        <translation>58 毫米卷纸</translation>
    </message>
    <message>
        <source>80 mm roll</source>
        <translation>80 毫米卷纸</translation>
    </message>
    <message>
        <source>A6 sheet</source>
        <translation>A6 纸</translation>
    </message>
    <message>
        <source>No printing</source>
        <translation>不打印</translation>
    </message>
    <message>
        <source>Automatic: the second screen when there is one</source>
        <translation>自动：有第二块屏幕时使用它</translation>
    </message>
    <message>
        <source>Screen {n}: {name} ({w}×{h})</source>
        <translation>屏幕 {n}：{name}（{w}×{h}）</translation>
    </message>
    <message>
        <source>Call numbers aloud</source>
        <translation>语音叫号</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>试听</translation>
    </message>
    <message>
        <source>Play a sample call at this volume</source>
        <translation>用这个音量播放一次叫号示例</translation>
    </message>
    <message>
        <source>A new language applies after restarting the program.</source>
        <translation>更改语言后，需重新启动软件才生效。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Service catalogue</source>
        <translation>服务目录</translation>
    </message>
    <message>
        <source>Sign-in and data</source>
        <translation>登录与数据</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Township and villages</source>
        <translation>乡镇与村</translation>
    </message>
    <message>
        <source>Township name</source>
        <translation>乡镇名称</translation>
    </message>
    <message>
        <source>Villages</source>
        <translation>行政村</translation>
    </message>
    <message>
        <source>Market day</source>
        <translation>集市</translation>
    </message>
    <message>
        <source>Priority from age</source>
        <translation>优先年龄（及以上）</translation>
    </message>
    <message>
        <source>Ticket paper</source>
        <translation>号票纸张</translation>
    </message>
    <message>
        <source>This laptop is desk</source>
        <translation>本机是第</translation>
    </message>
    <message>
        <source>of</source>
        <translation>台，共</translation>
    </message>
    <message>
        <source>registration laptops</source>
        <translation>台登记电脑</translation>
    </message>
    <message>
        <source>Registration desk</source>
        <translation>登记电脑</translation>
    </message>
    <message>
        <source>Laptops registering at one market each take their own block of ticket numbers, so their files merge without repeated numbers. This laptop issues {first}–{last} at every stall.</source>
        <translation>同一场集市用几台电脑登记时，每台用自己的号段，合并数据后号码不会重复。本机在每个摊位发 {first}–{last} 号。</translation>
    </message>
    <message>
        <source>This data file was copied from another laptop and still has its desk: choose this laptop&apos;s.</source>
        <translation>此数据文件是从另一台电脑复制来的，仍是那台电脑的号段：请为本机另选一台。</translation>
    </message>
    <message>
        <source>Public display and voice</source>
        <translation>公共显示屏与语音</translation>
    </message>
    <message>
        <source>Display screen</source>
        <translation>显示屏</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Language and data</source>
        <translation>语言与数据</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>This window runs in the language given at start (--lang); the choice here applies when the program starts without it.</source>
        <translation>本窗口使用启动时指定的语言（--lang）；这里的选择在不带 --lang 启动时生效。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Restart the program to use the new language.</source>
        <translation>请重新启动软件以使用新语言。</translation>
    </message>
    <message>
        <source>Stall devices</source>
        <translation>摊位设备</translation>
    </message>
</context>
<context>
    <name>SignInBox</name>
    <message>
        <source>Sign-in and operators</source>
        <translation>登录与经办人</translation>
    </message>
    <message>
        <source>Ask for name and PIN when the program starts</source>
        <translation>启动程序时要求输入姓名和 PIN</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Cover the screen after this long without use; only with sign-in on</source>
        <translation>无人操作这么久后遮住屏幕（仅在启用登录时）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>PIN（4–8 位数字）</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>添加经办人</translation>
    </message>
    <message>
        <source>Lock when idle after</source>
        <translation>闲置锁屏时间</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>New operator</source>
        <translation>新经办人</translation>
    </message>
    <message>
        <source>No operators yet</source>
        <translation>尚无经办人</translation>
    </message>
    <message>
        <source>Sign-in stays off: first add an administrator below (role “administrator”), then turn it on.</source>
        <translation>登录仍未启用：请先在下方添加一位管理员（角色选“管理员”），再启用登录。</translation>
    </message>
    <message>
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>两次输入的 PIN 不一致，请输入相同的 PIN。</translation>
    </message>
    <message>
        <source>Operator {name} added.</source>
        <translation>已添加经办人 {name}。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>The screen was locked after a while without use. Sign in to continue.</source>
        <translation>一段时间无人操作，屏幕已锁定。请登录后继续。</translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation>请选择您的姓名并输入 PIN。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4–8 位数字</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>StallChooser</name>
    <message>
        <source>Decided by the rules</source>
        <translation>按规则自动</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>优先级(&amp;P)：</translation>
    </message>
    <message>
        <source>No stalls are open.</source>
        <translation>没有开设的摊位。</translation>
    </message>
    <message>
        <source>Press a stall&apos;s number to tick it, Enter to issue the tickets, Esc to go back to the search. Typing a letter starts the next search: ticks not issued are cleared.</source>
        <translation>按摊位前的数字键勾选，回车取号，Esc 返回搜索；直接输入字母即查找下一位（未取号的勾选会取消）。</translation>
    </message>
    <message>
        <source>Choose a person first: type in the search field and press Enter.</source>
        <translation>请先选人：在搜索框输入后按回车。</translation>
    </message>
    <message>
        <source>{ahead} ahead (of {n} waiting) · about {minutes} min</source>
        <translation>前面 {ahead} 人（共 {n} 人等候）· 约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{n} waiting · about {minutes} min</source>
        <translation>{n} 人等候 · 约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>⚠ closing time {time} has passed</source>
        <translation>⚠ 收摊时间 {time} 已过</translation>
    </message>
    <message>
        <source>⚠ turn may come after closing {time}</source>
        <translation>⚠ 收摊（{time}）前可能轮不到</translation>
    </message>
    <message>
        <source>Priority: {what}</source>
        <translation>优先级：{what}</translation>
    </message>
    <message>
        <source>Aged</source>
        <translation>高龄</translation>
    </message>
    <message>
        <source>Disability</source>
        <translation>残疾</translation>
    </message>
    <message>
        <source>Pregnancy</source>
        <translation>孕妇</translation>
    </message>
    <message>
        <source>Staff decision</source>
        <translation>工作人员决定</translation>
    </message>
</context>
<context>
    <name>StallDevicesDialog</name>
    <message>
        <source>Stall devices</source>
        <translation>摊位设备</translation>
    </message>
</context>
<context>
    <name>StallPage</name>
    <message>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>Call the next villager in line to this counter (F9)</source>
        <translation>叫下一位村民到本窗口（F9）</translation>
    </message>
    <message>
        <source>Arrived — start</source>
        <translation>已到 — 开始办理</translation>
    </message>
    <message>
        <source>The villager is at the counter</source>
        <translation>村民已到窗口</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Call the same number again</source>
        <translation>再叫一次同一号码</translation>
    </message>
    <message>
        <source>Mark as a no-show; the villager can go back in line from the Queues page</source>
        <translation>标为过号；村民回来后可在“排队”页面重新排队</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>不评价</translation>
    </message>
    <message>
        <source>Notes (optional)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <source>Fee (yuan)</source>
        <translation>收费（元）</translation>
    </message>
    <message>
        <source>Optional: what the villager paid, in yuan</source>
        <translation>可不填：村民交的费用，单位元</translation>
    </message>
    <message>
        <source>Raise a request…</source>
        <translation>登记诉求…</translation>
    </message>
    <message>
        <source>A problem someone must follow up after the market (repair, referral, dispute…)</source>
        <translation>集市后还要有人接着办的问题（维修、转介、纠纷…）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>What was typed for {label} is not saved: press Done (Ctrl+Enter), or clear it, before changing the stall or counter.</source>
        <translation>为 {label} 填写的内容还没有保存：请先按“办结”（Ctrl+Enter），或清空后再换摊位或窗口。</translation>
    </message>
    <message>
        <source>What was done at {stall}</source>
        <translation>{stall}办理情况</translation>
    </message>
    <message>
        <source>Choose a stall</source>
        <translation>选择摊位</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} 人等候</translation>
    </message>
    <message>
        <source>{label} is no longer at this counter (changed on another screen): what was typed for it was not saved.</source>
        <translation>{label} 已不在本窗口（在别的页面改动过）：为它填写的内容没有保存。</translation>
    </message>
    <message>
        <source>Record what was done and finish (Ctrl+Enter)</source>
        <translation>记录办理情况并办结（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Press “Arrived — start” when the villager is at the counter</source>
        <translation>村民到窗口后请按“已到 — 开始办理”</translation>
    </message>
    <message>
        <source>{label} called to counter {counter}.</source>
        <translation>已叫 {label} 到 {counter} 号窗口。</translation>
    </message>
    <message>
        <source>{label}: service started.</source>
        <translation>{label}：开始办理。</translation>
    </message>
    <message>
        <source>{label} called again.</source>
        <translation>已重呼 {label}。</translation>
    </message>
    <message>
        <source>{label} has not been marked arrived: press “Arrived — start” (F10) first, then Done.</source>
        <translation>{label} 还没有按“已到 — 开始办理”：请先按 F10，再办结。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <source>{label} done and saved. Ready for the next villager.</source>
        <translation>{label} 已办结并保存。可以叫下一位。</translation>
    </message>
    <message>
        <source>Your stall (F12: the list; its letter, then Enter)</source>
        <translation>本摊位（F12 打开列表；按摊位字母，再按回车）</translation>
    </message>
    <message>
        <source>Stall (F12)</source>
        <translation>摊位（F12）</translation>
    </message>
    <message>
        <source>&amp;Counter</source>
        <translation>窗口(&amp;C)</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>{label} marked as a no-show.</source>
        <translation>{label} 已标为过号。</translation>
    </message>
    <message>
        <source>Stall staff</source>
        <translation>摊位工作人员</translation>
    </message>
    <message>
        <source>Request raised for {name}.</source>
        <translation>已为 {name} 登记诉求。</translation>
    </message>
</context>
<context>
    <name>StallTile</name>
    <message>
        <source>Calling: {who}</source>
        <translation>正在叫号：{who}</translation>
    </message>
    <message>
        <source>Next: {labels}</source>
        <translation>下一位：{labels}</translation>
    </message>
    <message>
        <source>{n} waiting · about {minutes} min</source>
        <translation>{n} 人等候 · 约 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>TicketPriority</name>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
</context>
<context>
    <name>TicketSlip</name>
    <message>
        <source>{village} service market · {date}</source>
        <translation>{village} 服务集市 · {date}</translation>
    </message>
    <message>
        <source>{n} ahead of you · about {minutes} min</source>
        <translation>前面 {n} 人 · 约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Closing time {time} has passed: ask the staff</source>
        <translation>已过收摊时间 {time}，请问工作人员</translation>
    </message>
    <message>
        <source>May not be served before closing ({time})</source>
        <translation>收摊（{time}）前可能轮不到</translation>
    </message>
    <message>
        <source>Issued {time} · keep this slip</source>
        <translation>取号时间 {time} · 请保留此票</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer {label}</source>
        <translation>转摊位 {label}</translation>
    </message>
    <message>
        <source>Move {label} to which stall? The villager keeps the place her arrival time gives her there.</source>
        <translation>把 {label} 转到哪个摊位？村民按到达时间在新摊位排队，不会吃亏。</translation>
    </message>
    <message>
        <source>{letter}  {stall}: {waiting} waiting, about {minutes} min</source>
        <translation>{letter}  {stall}：{waiting} 人等候，约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转摊位</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>UndoText</name>
    <message>
        <source>Undo this stall&apos;s last step ({keys}). Undoing a “done” (it deletes the recorded outcome) or a step {minutes} minutes old or older first says what it takes back and asks.</source>
        <translation>撤销本摊位的最后一步（{keys}）。撤销“办结”（会删除已记录的服务结果）或 {minutes} 分钟及更早的操作时，先说明要撤销什么并请您确认。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo it?</source>
        <translation>确定撤销吗？</translation>
    </message>
    <message>
        <source>Undo it</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>不撤销</translation>
    </message>
</context>
<context>
    <name>VillagerCard</name>
    <message>
        <source>Earlier visits here</source>
        <translation>本摊位以往服务</translation>
    </message>
    <message>
        <source>Nobody called yet</source>
        <translation>尚未叫号</translation>
    </message>
    <message>
        <source>{age} years</source>
        <translation>{age} 岁</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>urgent ticket</source>
        <translation>紧急号</translation>
    </message>
    <message>
        <source>priority ticket</source>
        <translation>优先号</translation>
    </message>
    <message>
        <source>First visit to this service</source>
        <translation>第一次来本摊位</translation>
    </message>
</context>
<context>
    <name>VillagerDialog</name>
    <message>
        <source>Edit villager</source>
        <extracomment>What a window&apos;s title bar and frame take from the screen&apos;s height (Windows 10/11).</extracomment>
        <translation>修改村民信息</translation>
    </message>
    <message>
        <source>New villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <source>Group / address</source>
        <translation>村民小组 / 住址</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>关爱类别</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{n} years</source>
        <translation>{n} 岁</translation>
    </message>
</context>
<context>
    <name>VillagerHistoryDialog</name>
    <message>
        <source>History of {name}</source>
        <translation>{name}的历史</translation>
    </message>
    <message>
        <source>{name}: {n} visits at service markets</source>
        <translation>{name}：在服务集市共接受服务 {n} 次</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号票</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务项目</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>服务内容</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <source>Record history…</source>
        <translation>记录变更历史…</translation>
    </message>
    <message>
        <source>Every change to this person&apos;s data: who, when, on which laptop</source>
        <translation>此人资料的每次变更：谁、何时、在哪台电脑上</translation>
    </message>
    <message>
        <source>no visits yet</source>
        <translation>尚无服务记录</translation>
    </message>
</context>
<context>
    <name>VillagerMergeDialog</name>
    <message>
        <source>Merge two records of the same person</source>
        <translation>同一人合并</translation>
    </message>
    <message>
        <source>Keep the other record</source>
        <translation>改为保留另一条记录</translation>
    </message>
    <message>
        <source>Swap which record stays (its id, tickets and history stay under it)</source>
        <translation>交换保留哪条记录（号票和历史都归到保留的记录下）</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Choose the value to keep in each row. All tickets, visits, requests and history of the other record move to the kept one, and the other record is deleted.</source>
        <translation>请在每一行选择要保留的值。另一条记录的号票、服务记录、诉求和历史都会转到保留的记录下，然后删除另一条记录。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Group / address</source>
        <translation>村民小组 / 住址</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Kept record</source>
        <translation>保留的记录</translation>
    </message>
    <message>
        <source>Record merged into it</source>
        <translation>并入的记录</translation>
    </message>
</context>
<context>
    <name>VillagersModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>所属村</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Care</source>
        <translation>关爱类别</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>VillagersPage</name>
    <message>
        <source>Search: name, pinyin initials, last digits of ID or phone</source>
        <translation>搜索：姓名、拼音首字母、身份证号或电话后几位</translation>
    </message>
    <message>
        <source>New villager</source>
        <translation>新增村民</translation>
    </message>
    <message>
        <source>Import roster…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message>
        <source>This person&apos;s visits at every market day, and the record history</source>
        <translation>此人在每个集市日的服务记录，以及资料变更历史</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>Hi&amp;story…</source>
        <translation>历史(&amp;S)…</translation>
    </message>
    <message>
        <source>Mer&amp;ge two records…</source>
        <translation>同一人合并(&amp;G)…</translation>
    </message>
    <message>
        <source>Two rows that are the same person (select both with Ctrl+click), or one row flagged as a possible duplicate</source>
        <translation>同一个人的两行（按住 Ctrl 点击选中两行），或一行被标记为可能重复的记录</translation>
    </message>
    <message>
        <source>Village:</source>
        <translation>村：</translation>
    </message>
    <message>
        <source>Villagers</source>
        <translation>村民</translation>
    </message>
    <message>
        <source>Choose a villager in the list first (search, then Down or Enter).</source>
        <translation>请先在列表里选中一位村民（搜索后按 ↓ 或回车）。</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>No villagers found.</source>
        <translation>没有找到符合条件的村民。</translation>
    </message>
    <message>
        <source>No villagers yet: add one, or import a village roster.</source>
        <translation>还没有村民：可以新增，或导入村民花名册。</translation>
    </message>
    <message>
        <source>Showing the first {n}; there are more.</source>
        <translation>显示前 {n} 人，还有更多。</translation>
    </message>
    <message>
        <source>{n} villagers</source>
        <translation>共 {n} 人</translation>
    </message>
    <message>
        <source>Merge two records</source>
        <translation>同一人合并</translation>
    </message>
    <message>
        <source>Select the two rows that are the same person (Ctrl+click), then press Merge.</source>
        <translation>请选中同一个人的两行（按住 Ctrl 点击），再按“同一人合并”。</translation>
    </message>
</context>
<context>
    <name>Voice</name>
    <message>
        <source>Voice: checking…</source>
        <translation>语音：正在检查…</translation>
    </message>
    <message>
        <source>Voice: available (Mandarin, {voice})</source>
        <translation>语音：可用（普通话，{voice}）</translation>
    </message>
    <message>
        <source>The sound stopped working: calls are shown without sound</source>
        <translation>声音出现故障：叫号只显示，不发声</translation>
    </message>
    <message>
        <source>No sound device on this computer: calls are shown without sound</source>
        <translation>本机没有声音设备：叫号只显示，不发声</translation>
    </message>
    <message>
        <source>No Chinese voice on this computer: a chime plays for each call</source>
        <translation>没有中文语音，使用提示音</translation>
    </message>
    <message>
        <source>The speech engine stopped working: a chime plays for each call</source>
        <translation>语音引擎没有响应，改用提示音</translation>
    </message>
    <message>
        <source>No speech engine on this computer: a chime plays for each call</source>
        <translation>没有语音引擎，使用提示音</translation>
    </message>
</context>
</TS>
