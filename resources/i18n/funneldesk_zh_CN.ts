<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>leap %1 month</source>
        <translation>闰%1月</translation>
    </message>
    <message>
        <source>%1 month</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>lunar leap %1/%2</source>
        <translation>农历闰%1/%2</translation>
    </message>
    <message>
        <source>lunar %1/%2</source>
        <translation>农历%1/%2</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>%1 天后</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>turns %1</source>
        <translation>%1 岁生日</translation>
    </message>
    <message>
        <source>%1 years together</source>
        <translation>%1 周年</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 年</translation>
    </message>
    <message>
        <source>%1 (lunar)</source>
        <translation>%1（农历）</translation>
    </message>
    <message>
        <source>Sent ✓</source>
        <translation>已发送 ✓</translation>
    </message>
    <message>
        <source>Write…</source>
        <translation>写祝福…</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open on board</source>
        <translation>在看板中打开</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
    <message>
        <source>every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <source>last contact %1</source>
        <translation>上次联系 %1</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>尚无联系</translation>
    </message>
    <message>
        <source>Plan…</source>
        <translation>计划…</translation>
    </message>
    <message>
        <source>Greet…</source>
        <translation>问候…</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>无关联客户</translation>
    </message>
    <message>
        <source>idle %1 days</source>
        <translation>已停滞 %1 天</translation>
    </message>
    <message>
        <source>limit %1</source>
        <translation>上限 %1 天</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>逾期 1 天</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>1 day over</source>
        <translation>超出 1 天</translation>
    </message>
    <message>
        <source>%1 days over</source>
        <translation>超出 %1 天</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source>At the time</source>
        <translation>准时提醒</translation>
    </message>
    <message>
        <source>1 day before</source>
        <translation>提前 1 天</translation>
    </message>
    <message>
        <source>1 hour before</source>
        <translation>提前 1 小时</translation>
    </message>
    <message>
        <source>%1 hours before</source>
        <translation>提前 %1 小时</translation>
    </message>
    <message>
        <source>%1 min before</source>
        <translation>提前 %1 分钟</translation>
    </message>
    <message>
        <source>This activity no longer exists.</source>
        <translation>该活动已不存在。</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
    <message>
        <source>Pick a date…</source>
        <translation>选择日期…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>Move to another day</source>
        <translation>改到另一天</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Edit activity</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>Plan activity</source>
        <translation>计划活动</translation>
    </message>
    <message>
        <source>e.g. Call about the quote</source>
        <translation>例如：电话沟通报价</translation>
    </message>
    <message>
        <source>at</source>
        <translation>于</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>What to prepare, what to ask …</source>
        <translation>要准备什么、要问什么 …</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No deal</source>
        <translation>不关联商机</translation>
    </message>
    <message>
        <source>Edit activity: %1</source>
        <translation>编辑活动：%1</translation>
    </message>
    <message>
        <source>Plan activity: %1</source>
        <translation>计划活动：%1</translation>
    </message>
    <message>
        <source>Pick the customer from the list.</source>
        <translation>请从列表中选择客户。</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source>At the time</source>
        <translation>准时提醒</translation>
    </message>
    <message>
        <source>1 day before</source>
        <translation>提前 1 天</translation>
    </message>
    <message>
        <source>1 hour before</source>
        <translation>提前 1 小时</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>%1 min before</source>
        <translation>提前 %1 分钟</translation>
    </message>
    <message>
        <source>This activity no longer exists.</source>
        <translation>该活动已不存在。</translation>
    </message>
    <message>
        <source>%1 hours before</source>
        <translation>提前 %1 小时</translation>
    </message>
</context>
<context>
    <name>AgendaView</name>
    <message>
        <source>Agenda</source>
        <translation>日程</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>上一周</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>Whose plan to show</source>
        <translation>显示谁的计划</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>FunnelDesk</source>
        <translation>FunnelDesk</translation>
    </message>
</context>
<context>
    <name>AutoBackup</name>
    <message>
        <source>Automatic backup failed: %1</source>
        <translation>自动备份失败：%1</translation>
    </message>
</context>
<context>
    <name>BackgroundSync</name>
    <message>
        <source>The team&apos;s hub needs an upgrade: ask %1 to update FunnelDesk and sync, or to run `funneldesk team create` once more. Your changes wait in this file.</source>
        <translation>团队中心库需要升级：请 %1 更新 FunnelDesk 后同步一次，或再运行一次 `funneldesk team create`。您的更改会先保存在本文件中。</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>Backed up: %1 customers, %2 deals.</source>
        <translation>备份完成：%1 位客户，%2 个商机。</translation>
    </message>
    <message>
        <source>Restore this backup?</source>
        <translation>恢复这个备份？</translation>
    </message>
    <message>
        <source>Go back to the data of %1? What you have now is backed up first and stays in the list of backups.</source>
        <translation>要恢复到 %1 时的数据吗？当前数据会先备份，并保留在备份列表中。</translation>
    </message>
</context>
<context>
    <name>BoardWidget</name>
    <message>
        <source>This pipeline has no stages</source>
        <translation>该销售管道还没有阶段</translation>
    </message>
    <message>
        <source>Add the steps your deals go through, such as Lead, Proposal and Negotiation.</source>
        <translation>添加商机要经过的步骤，例如“潜在客户”“提供方案”“商务谈判”。</translation>
    </message>
    <message>
        <source>Move to stage</source>
        <translation>移动到阶段</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Export this chart as a PNG image</source>
        <translation>将此图表导出为 PNG 图片</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>ClosedDealsDialog</name>
    <message>
        <source>Closed deals</source>
        <translation>已结束的商机</translation>
    </message>
    <message>
        <source>Search closed deals</source>
        <translation>搜索已结束的商机</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Lost reason</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Put the deal back in its last stage (Ctrl+Shift+R)</source>
        <translation>将商机放回它最后所在的阶段（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message numerus="yes">
        <source>%Ln closed deals match, newest first</source>
        <translation>
            <numerusform>%Ln 个已结束的商机符合条件（最新的在前）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln closed deals, newest first</source>
        <translation>
            <numerusform>共 %Ln 个已结束的商机（最新的在前）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %1 of %Ln matching closed deals</source>
        <translation>
            <numerusform>符合条件的 %Ln 个已结束商机中最新的 %1 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %1 of %Ln closed deals; search to find older ones</source>
        <translation>
            <numerusform>%Ln 个已结束商机中最新的 %1 个；搜索可找到更早的</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurrenciesDialog</name>
    <message>
        <source>Currencies</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Every total is shown in %1, the reporting currency (Settings ▸ Currency). Deals in other currencies are converted: open deals at the latest rate, won and lost deals at the rate valid on the day they closed.</source>
        <translation>所有合计都以报表币种 %1 显示（设置 ▸ 币种）。其他币种的商机会被换算：进行中的商机按最新汇率，赢单和输单按成交当天有效的汇率。</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>1 unit in %1</source>
        <translation>1 单位折合 %1</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>&amp;Add rate…</source>
        <translation>添加汇率(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>%1 deals without an exchange rate: %2, left out of totals.</source>
        <translation>没有汇率的 %1 商机：%2 个，未计入合计。</translation>
    </message>
    <message>
        <source>Set %1 rate…</source>
        <translation>设置 %1 汇率…</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to this customer?</source>
        <translation>要保存对这位客户的修改吗？</translation>
    </message>
    <message>
        <source>Your edits are lost if you don&apos;t save them.</source>
        <translation>如果不保存，刚才的修改将会丢失。</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <source>Delete this customer with their dates, preferences and contact history? You can undo this with Ctrl+Z.</source>
        <translation>要删除这位客户及其重要日期、偏好和联系记录吗？删除后可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Delete, keep deals</source>
        <translation>删除，但保留商机</translation>
    </message>
    <message>
        <source>This customer no longer exists.</source>
        <translation>该客户已不存在。</translation>
    </message>
</context>
<context>
    <name>CustomerCardDialog</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Delete customer…</source>
        <translation>删除客户…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Important dates (%1)</source>
        <translation>重要日期（%1）</translation>
    </message>
    <message>
        <source>Preferences (%1)</source>
        <translation>偏好（%1）</translation>
    </message>
    <message>
        <source>Contact history (%1)</source>
        <translation>联系记录（%1）</translation>
    </message>
    <message>
        <source>Deals (%1)</source>
        <translation>商机（%1）</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>%1[*] — Customer</source>
        <translation>%1[*] — 客户</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的更改</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Last contact %1</source>
        <translation>上次联系：%1</translation>
    </message>
    <message>
        <source>next due %1</source>
        <translation>下次联系：%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln days over</source>
        <translation>
            <numerusform>已超期 %Ln 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Already known</source>
        <translation>已有此客户</translation>
    </message>
    <message>
        <source>Open that card instead of creating a new one?</source>
        <translation>打开那张卡片，而不是新建一张吗？</translation>
    </message>
    <message>
        <source>Open that card</source>
        <translation>打开那张卡片</translation>
    </message>
    <message>
        <source>Save as a new customer</source>
        <translation>仍保存为新客户</translation>
    </message>
    <message>
        <source>Enter a name first; the customer is saved before anything is added.</source>
        <translation>请先填写姓名；需要先保存客户，才能添加其他信息。</translation>
    </message>
</context>
<context>
    <name>CustomerFilterBar</name>
    <message>
        <source>Search name, pinyin, phone, company, notes…</source>
        <translation>搜索姓名、拼音、电话、公司、备注…</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>有进行中的商机</translation>
    </message>
    <message>
        <source>Only customers with an open deal</source>
        <translation>只显示有进行中商机的客户</translation>
    </message>
    <message>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>全部城市</translation>
    </message>
    <message>
        <source>matching “%1”</source>
        <translation>包含“%1”</translation>
    </message>
    <message>
        <source>source %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <source>city %1</source>
        <translation>城市：%1</translation>
    </message>
    <message>
        <source>with open deals</source>
        <translation>有进行中的商机</translation>
    </message>
    <message>
        <source>birthday this month</source>
        <translation>本月生日</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <source>Type a name, company or pinyin…</source>
        <translation>输入姓名、公司或拼音…</translation>
    </message>
</context>
<context>
    <name>CustomerTable</name>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>%1 · today</source>
        <translation>%1 · 今天</translation>
    </message>
    <message>
        <source>%1 · tomorrow</source>
        <translation>%1 · 明天</translation>
    </message>
    <message>
        <source>%1 open deals</source>
        <translation>%1 个进行中的商机</translation>
    </message>
    <message>
        <source>%1 · in %2 days</source>
        <translation>%1 · %2 天后</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Next birthday</source>
        <translation>下次生日</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>进行中商机</translation>
    </message>
</context>
<context>
    <name>CustomersView</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Find anyone by name, pinyin, initials, phone digits, company or notes.</source>
        <translation>按姓名、拼音、首字母、电话号码、公司或备注查找任何人。</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>Add your first customer with New customer (Ctrl+N), or bring in your address book with File ▸ Import contacts (CSV, Excel or vCard).</source>
        <translation>点击“新建客户”（Ctrl+N）添加第一位客户，或通过“文件 ▸ 导入联系人”导入通讯录（CSV、Excel 或 vCard）。</translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation>清除搜索和筛选</translation>
    </message>
    <message>
        <source>No customers match</source>
        <translation>没有符合条件的客户</translation>
    </message>
    <message>
        <source>Check the spelling, or try pinyin or initials (zs finds 张三), part of a phone number, or fewer filters.</source>
        <translation>请检查拼写，或试试拼音、首字母（zs 可以找到张三）、部分电话号码，或减少筛选条件。</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <source>Delete customer…</source>
        <translation>删除客户…</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <source>%1 has one deal.</source>
        <translation>%1 有 1 个商机。</translation>
    </message>
    <message>
        <source>%1 has %2 deals.</source>
        <translation>%1 有 %2 个商机。</translation>
    </message>
    <message>
        <source>Keep the deals on the board without a customer, or delete them too? Dates, preferences and contact history are deleted. Ctrl+Z undoes this.</source>
        <translation>这些商机是保留在看板上（不再关联客户），还是一并删除？重要日期、偏好和联系记录都会被删除。可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Delete, keep deals</source>
        <translation>删除，但保留商机</translation>
    </message>
    <message>
        <source>Delete with deals</source>
        <translation>连同商机一起删除</translation>
    </message>
    <message>
        <source>Dates, preferences and contact history are deleted too. Ctrl+Z undoes this.</source>
        <translation>重要日期、偏好和联系记录也会一并删除。可按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>More than %1 customers</source>
        <translation>超过 %1 位客户</translation>
    </message>
    <message>
        <source>1 customer</source>
        <translation>1 位客户</translation>
    </message>
    <message>
        <source>%1 customers</source>
        <translation>%1 位客户</translation>
    </message>
    <message>
        <source>%1 · filtered by %2</source>
        <translation>%1 · 筛选条件：%2</translation>
    </message>
    <message>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
</context>
<context>
    <name>DateDialog</name>
    <message>
        <source>Edit date</source>
        <translation>编辑日期</translation>
    </message>
    <message>
        <source>Add date</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>e.g. daughter Lily, wedding, 中秋节</source>
        <translation>例如：女儿莉莉、结婚纪念日、中秋节</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>公历</translation>
    </message>
    <message>
        <source>Lunar (农历)</source>
        <translation>农历</translation>
    </message>
    <message>
        <source>Leap month (闰月)</source>
        <translation>闰月</translation>
    </message>
    <message>
        <source>Year known</source>
        <translation>年份已知</translation>
    </message>
    <message>
        <source> days before</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>历法</translation>
    </message>
    <message>
        <source>Month and day</source>
        <translation>月日</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Remind me</source>
        <translation>提前提醒</translation>
    </message>
    <message>
        <source>Next: %1 (%2)</source>
        <translation>下一次：%1（%2）</translation>
    </message>
</context>
<context>
    <name>DatesTab</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一次</translation>
    </message>
    <message>
        <source>Age / years</source>
        <translation>年龄 / 周年</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Add date…</source>
        <translation>添加日期…</translation>
    </message>
    <message>
        <source>%1 days before</source>
        <translation>提前 %1 天</translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>Edit deal</source>
        <translation>编辑商机</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>What are you selling? e.g. Annual supply contract</source>
        <translation>要卖什么？例如：年度供货合同</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>无日期</translation>
    </message>
    <message>
        <source>No expected close date</source>
        <translation>未设置预计成交日期</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>商机名称</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Win probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Stage default (%1 %)</source>
        <translation>沿用阶段默认值（%1%）</translation>
    </message>
    <message>
        <source>Pick the customer from the list (or clear the field).</source>
        <translation>请从列表中选择客户（或清空此栏）。</translation>
    </message>
    <message>
        <source>This deal no longer exists.</source>
        <translation>该商机已不存在。</translation>
    </message>
</context>
<context>
    <name>DealsTab</name>
    <message>
        <source>New deal…</source>
        <translation>新建商机…</translation>
    </message>
    <message>
        <source>Open on board</source>
        <translation>在看板中打开</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>进行中：%1</translation>
    </message>
</context>
<context>
    <name>DetailsForm</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>Spending level</source>
        <translation>消费水平</translation>
    </message>
    <message>
        <source>Purchase frequency</source>
        <translation>购买频率</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Keep in touch</source>
        <translation>保持联系</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>e.g. +86 138 0013 8000</source>
        <translation>例如：138 0013 8000</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Anything worth remembering about this customer</source>
        <translation>关于这位客户值得记住的任何事</translation>
    </message>
</context>
<context>
    <name>DoneDialog</name>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>What was said, what was agreed …</source>
        <translation>沟通了什么、约定了什么 …</translation>
    </message>
    <message>
        <source>Log it in the contact history</source>
        <translation>记入联系记录</translation>
    </message>
    <message>
        <source>Schedule the next one</source>
        <translation>安排下一次</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
</context>
<context>
    <name>DropZoneBar</name>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
</context>
<context>
    <name>DuplicatesWindow</name>
    <message>
        <source>Find duplicates</source>
        <translation>查找重复客户</translation>
    </message>
    <message>
        <source>Looking for cards of the same person…</source>
        <translation>正在查找同一人的卡片…</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>相同项</translation>
    </message>
    <message>
        <source>Same phone number, same e-mail address, or same name at the same company</source>
        <translation>电话相同、邮箱相同，或同一公司同名</translation>
    </message>
    <message>
        <source>Keep the other card</source>
        <translation>改为保留另一张</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一个人</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>No duplicates</source>
        <translation>没有重复客户</translation>
    </message>
    <message>
        <source>No two cards share a phone number, an e-mail address, or a name at the same company.</source>
        <translation>没有两张卡片的电话、邮箱相同，也没有同一公司的同名客户。</translation>
    </message>
    <message>
        <source>%1 pairs of cards look like the same person.</source>
        <translation>有 %1 对卡片疑似同一个人。</translation>
    </message>
    <message>
        <source>Cards merged. Ctrl+Z brings both back.</source>
        <translation>已合并卡片。按 Ctrl+Z 可恢复两张卡片。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>This conflict no longer exists.</source>
        <translation>该冲突已不存在。</translation>
    </message>
    <message>
        <source>The row was deleted since; its value cannot be put back.</source>
        <translation>该记录已被删除，无法恢复它的值。</translation>
    </message>
    <message>
        <source>The member name must not be empty.</source>
        <translation>成员名称不能为空。</translation>
    </message>
    <message>
        <source>There is no FunnelDesk team at this hub yet: create the team first.</source>
        <translation>此服务器上还没有 FunnelDesk 团队：请先创建团队。</translation>
    </message>
    <message>
        <source>A backup cannot be written over the database itself.</source>
        <translation>备份不能覆盖数据库文件本身。</translation>
    </message>
    <message>
        <source>A card cannot be merged with itself.</source>
        <translation>客户卡片不能与自身合并。</translation>
    </message>
    <message>
        <source>A date needs a month and a day.</source>
        <translation>日期需要填写月和日。</translation>
    </message>
    <message>
        <source>A pipeline needs at least one stage.</source>
        <translation>销售管道至少需要一个阶段。</translation>
    </message>
    <message>
        <source>Choose another stage of this pipeline for the deals in this stage.</source>
        <translation>请为该阶段中的商机选择本管道的另一个阶段。</translation>
    </message>
    <message>
        <source>Choose the lead source whose customers to greet.</source>
        <translation>请选择要问候哪个客户来源的客户。</translation>
    </message>
    <message>
        <source>Demo data generation was cancelled; nothing was added.</source>
        <translation>已取消生成演示数据，未添加任何内容。</translation>
    </message>
    <message>
        <source>Name is required.</source>
        <translation>姓名不能为空。</translation>
    </message>
    <message>
        <source>Reminder days is required.</source>
        <translation>请填写提前提醒天数。</translation>
    </message>
    <message>
        <source>One of the two cards no longer exists.</source>
        <translation>两张卡片中有一张已不存在。</translation>
    </message>
    <message>
        <source>Search indexing was cancelled.</source>
        <translation>已取消建立搜索索引。</translation>
    </message>
    <message>
        <source>That backup is the database itself.</source>
        <translation>所选备份就是数据库文件本身。</translation>
    </message>
    <message>
        <source>That stage was deleted.</source>
        <translation>该阶段已被删除。</translation>
    </message>
    <message>
        <source>The backup was cancelled.</source>
        <translation>备份已取消。</translation>
    </message>
    <message>
        <source>The page check was stopped.</source>
        <translation>页面检查已停止。</translation>
    </message>
    <message>
        <source>The database has no pipeline for the demo deals.</source>
        <translation>数据库中没有可用于演示商机的销售管道。</translation>
    </message>
    <message>
        <source>The database has no pipeline.</source>
        <translation>数据库中还没有销售管道。</translation>
    </message>
    <message>
        <source>The database is busy in another program; try again in a moment.</source>
        <translation>数据库正被其他程序占用，请稍后再试。</translation>
    </message>
    <message>
        <source>The disk is full: nothing was changed.</source>
        <translation>磁盘已满：未作任何更改。</translation>
    </message>
    <message>
        <source>Not enough memory to finish; nothing was changed.</source>
        <translation>内存不足，无法完成；未作任何更改。</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>The first pipeline has no stages for the demo deals.</source>
        <translation>第一个销售管道没有可用于演示商机的阶段。</translation>
    </message>
    <message>
        <source>The last pipeline cannot be deleted.</source>
        <translation>不能删除最后一个销售管道。</translation>
    </message>
    <message>
        <source>The new order must list every stage of the pipeline once.</source>
        <translation>新的顺序必须包含该管道的每个阶段，且每个阶段只能出现一次。</translation>
    </message>
    <message>
        <source>The number of customers cannot be negative.</source>
        <translation>客户数量不能为负数。</translation>
    </message>
    <message>
        <source>The rate must be a number above 0.</source>
        <translation>汇率必须是大于 0 的数字。</translation>
    </message>
    <message>
        <source>The rate must be a number.</source>
        <translation>汇率必须是数字。</translation>
    </message>
    <message>
        <source>The report was cancelled.</source>
        <translation>报表导出已取消。</translation>
    </message>
    <message>
        <source>The repair was cancelled; the file was not changed.</source>
        <translation>修复已取消；文件未作任何更改。</translation>
    </message>
    <message>
        <source>The start of the period is after its end.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>The funnel data FunnelDesk derives from your deals is out of date (the file was changed by another program), so the figures would be wrong. Repair it in the app or with “funneldesk check --repair”.</source>
        <translation>FunnelDesk 根据您的商机推导出的漏斗数据已过期（文件被其他程序修改过），统计数字会出错。请在应用中修复，或运行“funneldesk check --repair”。</translation>
    </message>
    <message>
        <source>The workbook&apos;s first sheet is empty.</source>
        <translation>工作簿的第一个工作表是空的。</translation>
    </message>
    <message>
        <source>There is no pipeline; create one first.</source>
        <translation>还没有销售管道，请先创建一个。</translation>
    </message>
    <message>
        <source>This pipeline has no stages; add a stage first.</source>
        <translation>该销售管道还没有阶段，请先添加阶段。</translation>
    </message>
    <message>
        <source>This pipeline still has deals; move or delete them first.</source>
        <translation>该销售管道中仍有商机，请先移走或删除。</translation>
    </message>
    <message>
        <source>Title is required.</source>
        <translation>标题不能为空。</translation>
    </message>
    <message>
        <source>Too many customers chosen by hand.</source>
        <translation>手动选择的客户太多。</translation>
    </message>
    <message>
        <source>Choose the customer this activity is for.</source>
        <translation>请选择这个活动对应的客户。</translation>
    </message>
    <message>
        <source>Date is required.</source>
        <translation>日期为必填项。</translation>
    </message>
    <message>
        <source>Plan the follow-up as an activity.</source>
        <translation>请把跟进计划为一个活动。</translation>
    </message>
    <message>
        <source>The deal belongs to another customer.</source>
        <translation>该商机属于另一位客户。</translation>
    </message>
    <message>
        <source>This activity is already done.</source>
        <translation>这个活动已经完成。</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1不能为空。</translation>
    </message>
    <message>
        <source>%1 is too long (%2 characters; at most %3).</source>
        <translation>%1过长（%2 个字符，最多 %3 个）。</translation>
    </message>
    <message>
        <source>%1 must be a whole number.</source>
        <translation>%1必须是整数。</translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1必须是数字。</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1必须介于 %2 和 %3 之间。</translation>
    </message>
    <message>
        <source>%1 cannot be below %2.</source>
        <translation>%1不能小于 %2。</translation>
    </message>
    <message>
        <source>%1 cannot be above %2.</source>
        <translation>%1不能大于 %2。</translation>
    </message>
    <message>
        <source>%1: “%2” is not a valid date (YYYY-MM-DD).</source>
        <translation>%1：“%2”不是有效日期（格式为 YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>“%1” is not an e-mail address.</source>
        <translation>“%1”不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>“%1” is not a phone number.</source>
        <translation>“%1”不是有效的电话号码。</translation>
    </message>
    <message>
        <source>“%1” is not a possible number for its country code.</source>
        <translation>“%1”与其国家/地区代码不符，不是可能的号码。</translation>
    </message>
    <message>
        <source>Time: “%1” is not a time of day (HH:MM).</source>
        <translation>时间：“%1”不是有效的时刻（HH:MM）。</translation>
    </message>
    <message>
        <source>Month %1 does not exist.</source>
        <translation>不存在 %1 月。</translation>
    </message>
    <message>
        <source>A lunar month has no day %1.</source>
        <translation>农历月份没有第 %1 天。</translation>
    </message>
    <message>
        <source>“%1” is closed; reopen it before moving it.</source>
        <translation>“%1”已结束，请先重新打开再移动。</translation>
    </message>
    <message>
        <source>“%1” belongs to another pipeline.</source>
        <translation>“%1”属于另一个销售管道。</translation>
    </message>
    <message>
        <source>“%1” is not a currency code (three letters such as CNY, USD or EUR).</source>
        <translation>“%1”不是货币代码（应为三个字母，例如 CNY、USD 或 EUR）。</translation>
    </message>
    <message>
        <source>%1 is the reporting currency: its deals need no rate.</source>
        <translation>%1 是报表币种，其商机无需汇率。</translation>
    </message>
    <message>
        <source>%1 already has a rate from %2.</source>
        <translation>%1 已有从 %2 起生效的汇率。</translation>
    </message>
    <message>
        <source>%1 is not a FunnelDesk database (not an SQLite file).</source>
        <translation>%1 不是 FunnelDesk 数据库（不是 SQLite 文件）。</translation>
    </message>
    <message>
        <source>%1 is an SQLite file but not a FunnelDesk database.</source>
        <translation>%1 是 SQLite 文件，但不是 FunnelDesk 数据库。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2).</source>
        <translation>%1 已损坏（%2）。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2); it was not copied.</source>
        <translation>%1 已损坏（%2）；未复制。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a database file.</source>
        <translation>%1 是文件夹，不是数据库文件。</translation>
    </message>
    <message>
        <source>%1 was written by a newer FunnelDesk (schema %2; this program knows up to %3). Please update FunnelDesk; the file was not changed.</source>
        <translation>%1 由更新版本的 FunnelDesk 创建（数据结构版本 %2，本程序最高支持 %3）。请升级 FunnelDesk；该文件未被改动。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is read-only: changes cannot be saved.</source>
        <translation>%1 是只读的：无法保存更改。</translation>
    </message>
    <message>
        <source>%1 is empty: it holds no FunnelDesk database.</source>
        <translation>%1 是空文件：其中没有 FunnelDesk 数据库。</translation>
    </message>
    <message>
        <source>%1: no such database file.</source>
        <translation>%1：没有这个数据库文件。</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be written; nothing was changed.</source>
        <translation>磁盘已满：无法写入 %1；未作任何更改。</translation>
    </message>
    <message>
        <source>Permission denied: %1.</source>
        <translation>没有权限：%1。</translation>
    </message>
    <message>
        <source>%1 is from an older FunnelDesk (schema %2) and must be upgraded before it can be read: give it write permission and open it again.</source>
        <translation>%1 来自旧版 FunnelDesk（架构 %2），需要升级后才能读取：请为它授予写入权限后重新打开。</translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <source>not a PostgreSQL connection string: %1</source>
        <translation>这不是 PostgreSQL 连接字符串：%1</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export deals</source>
        <translation>导出商机</translation>
    </message>
    <message>
        <source>Export dates to calendar</source>
        <translation>将重要日期导出到日历</translation>
    </message>
    <message>
        <source>iCalendar file (*.ics)</source>
        <translation>iCalendar 日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Exporting customers…</source>
        <translation>正在导出客户…</translation>
    </message>
    <message>
        <source>Exporting deals…</source>
        <translation>正在导出商机…</translation>
    </message>
    <message>
        <source>Exporting dates…</source>
        <translation>正在导出重要日期…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>FestivalGreetingDialog</name>
    <message>
        <source>Festival greetings</source>
        <translation>节日问候</translation>
    </message>
    <message>
        <source>Tick the next %1</source>
        <translation>勾选接下来 %1 位</translation>
    </message>
    <message>
        <source>Untick all</source>
        <translation>全部取消勾选</translation>
    </message>
    <message>
        <source>%1 ticked of %2 to greet</source>
        <translation>已勾选 %1 位，共 %2 位待问候</translation>
    </message>
    <message>
        <source>Copy and log %1</source>
        <translation>复制并记录 %1 条</translation>
    </message>
    <message>
        <source>%1 greetings copied to the clipboard and logged.</source>
        <translation>已复制 %1 条问候到剪贴板并记录。</translation>
    </message>
</context>
<context>
    <name>FestivalGreetings</name>
    <message>
        <source>Everyone greeted (%1)</source>
        <translation>已全部问候（%1 位）</translation>
    </message>
    <message>
        <source>1 customer to greet</source>
        <translation>待问候客户 1 位</translation>
    </message>
    <message>
        <source>%1 customers to greet</source>
        <translation>待问候客户 %1 位</translation>
    </message>
    <message>
        <source>%1 greeted</source>
        <translation>已问候 %1 位</translation>
    </message>
    <message>
        <source>Everyone has been greeted.</source>
        <translation>所有客户都已问候。</translation>
    </message>
</context>
<context>
    <name>FestivalSettingsDialog</name>
    <message>
        <source>Festival greetings</source>
        <translation>节日问候</translation>
    </message>
    <message>
        <source>Today lists a festival %1 days before it (the reminder days in Settings) with the customers not yet greeted.</source>
        <translation>“今天”会在节日前 %1 天（设置中的提醒天数）列出该节日以及尚未问候的客户。</translation>
    </message>
    <message>
        <source>Festivals</source>
        <translation>节日</translation>
    </message>
    <message>
        <source>Greet</source>
        <translation>问候对象</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>所有客户</translation>
    </message>
    <message>
        <source>Customers with a won deal</source>
        <translation>有成交的客户</translation>
    </message>
    <message>
        <source>Customers from one lead source:</source>
        <translation>某一客户来源的客户：</translation>
    </message>
    <message>
        <source>Customers I choose:</source>
        <translation>我挑选的客户：</translation>
    </message>
    <message>
        <source>Find a customer by name, phone, company…</source>
        <translation>按姓名、电话、公司查找客户…</translation>
    </message>
    <message>
        <source>Add →</source>
        <translation>添加 →</translation>
    </message>
    <message>
        <source>← Remove</source>
        <translation>← 移除</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>已选：%1</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Default pipeline</source>
        <translation>默认销售管道</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>预计成交日期</translation>
    </message>
    <message>
        <source>Idle days</source>
        <translation>停滞天数</translation>
    </message>
    <message>
        <source>Keep in touch every</source>
        <translation>联系间隔</translation>
    </message>
    <message>
        <source>Lost reason</source>
        <translation>输单原因</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <source>Pipeline name</source>
        <translation>销售管道名称</translation>
    </message>
    <message>
        <source>Preference</source>
        <translation>偏好</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Reminder days</source>
        <translation>提前提醒天数</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Stage name</source>
        <translation>阶段名称</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>客户来源</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Manual order</source>
        <translation>手动排序</translation>
    </message>
    <message>
        <source>Highest value</source>
        <translation>金额最高</translation>
    </message>
    <message>
        <source>Closing soonest</source>
        <translation>最快成交</translation>
    </message>
    <message>
        <source>Longest in stage</source>
        <translation>停留最久</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>Newest</source>
        <translation>最新创建</translation>
    </message>
    <message>
        <source>Search deals and customers</source>
        <translation>搜索商机和客户</translation>
    </message>
    <message>
        <source>Min value</source>
        <translation>最低金额</translation>
    </message>
    <message>
        <source>Max value</source>
        <translation>最高金额</translation>
    </message>
    <message>
        <source>Closing this month</source>
        <translation>本月成交</translation>
    </message>
    <message>
        <source>Idle only</source>
        <translation>仅看停滞</translation>
    </message>
    <message>
        <source>No next step</source>
        <translation>无下一步</translation>
    </message>
    <message>
        <source>Open deals without a planned activity</source>
        <translation>没有计划活动的进行中商机</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Order of the cards in each column</source>
        <translation>每一列中卡片的排列顺序</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>matching “%1”</source>
        <translation>包含“%1”</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <source>source %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>不低于 %1</translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation>不高于 %1</translation>
    </message>
    <message>
        <source>closing this month</source>
        <translation>本月成交</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>停滞</translation>
    </message>
    <message>
        <source>no next step</source>
        <translation>无下一步</translation>
    </message>
</context>
<context>
    <name>FunnelCharts</name>
    <message>
        <source>Deals</source>
        <translation>商机数</translation>
    </message>
    <message>
        <source>Win rate %</source>
        <translation>赢单率 %</translation>
    </message>
    <message>
        <source>In this stage now: %1</source>
        <translation>当前处于此阶段：%1</translation>
    </message>
    <message>
        <source>Won of these</source>
        <translation>其中赢单</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Previous period: %1 reached</source>
        <translation>上一周期：%1 个到达</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>expected to close before this month</source>
        <translation>预计成交日期早于本月</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>无日期</translation>
    </message>
    <message>
        <source>no expected close date set</source>
        <translation>未设置预计成交日期</translation>
    </message>
    <message>
        <source>Went on to %1: %2</source>
        <translation>进入“%1”：%2</translation>
    </message>
    <message>
        <source>Win probability: %1 (from %2 closed deals)</source>
        <translation>赢单概率：%1（基于 %2 个已结束商机）</translation>
    </message>
    <message>
        <source>Median time in stage: %1 (%2 completed visits)</source>
        <translation>阶段停留时间中位数：%1（%2 次完整停留）</translation>
    </message>
    <message>
        <source>so far</source>
        <translation>截至目前</translation>
    </message>
    <message>
        <source>Reached: %1 (%2 of %3)</source>
        <translation>到达：%1（占 %3 的 %2）</translation>
    </message>
    <message>
        <source>slowest: %1</source>
        <translation>最慢：%1</translation>
    </message>
    <message>
        <source>Part of the month only: %1 – %2</source>
        <translation>仅统计本月部分日期：%1 – %2</translation>
    </message>
    <message>
        <source>Likely range (P10–P90): %1 – %2</source>
        <translation>可能范围（P10–P90）：%1 – %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Won of these&lt;/b&gt;&lt;br&gt;%1 of the deals created in the period were won (%2 of %3)</source>
        <translation>&lt;b&gt;其中赢单&lt;/b&gt;&lt;br&gt;本期新建的商机中有 %1 个赢单（占 %3 的 %2）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Forecast: %2&lt;br&gt;Won within 90 days: %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;预测：%2&lt;br&gt;90 天内赢单：%3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Weighted: %2&lt;br&gt;From %3 open deals worth %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;加权金额：%2&lt;br&gt;来自 %3 个进行中的商机，总额 %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 · %2&lt;/b&gt;&lt;br&gt;Reached: %3 (%4 of %5)&lt;br&gt;Went on: %6</source>
        <translation>&lt;b&gt;%1 · %2&lt;/b&gt;&lt;br&gt;到达：%3（占 %5 的 %4）&lt;br&gt;进入下一阶段：%6</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 → %2&lt;/b&gt;&lt;br&gt;%3 of %4 deals went on (%5)</source>
        <translation>&lt;b&gt;%1 → %2&lt;/b&gt;&lt;br&gt;%4 个商机中有 %3 个进入下一阶段（%5）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;New deals: %2&lt;br&gt;Won: %3 · Lost: %4&lt;br&gt;Win rate: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;新建商机：%2&lt;br&gt;赢单：%3 · 输单：%4&lt;br&gt;赢单率：%5</translation>
    </message>
</context>
<context>
    <name>FunnelFormat</name>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
</context>
<context>
    <name>FunnelView</name>
    <message>
        <source>Funnel</source>
        <translation>销售漏斗</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Funnel · created in period</source>
        <translation>漏斗 · 本期新建</translation>
    </message>
    <message>
        <source>Stage conversion · created in period</source>
        <translation>阶段转化 · 本期新建</translation>
    </message>
    <message>
        <source>Monthly trend · created and closed</source>
        <translation>月度趋势 · 新建与成交</translation>
    </message>
    <message>
        <source>Weighted forecast · open now</source>
        <translation>加权预测 · 当前进行中</translation>
    </message>
    <message>
        <source>Forecast accuracy · last 12 months</source>
        <translation>预测准确度 · 近 12 个月</translation>
    </message>
    <message>
        <source>By source</source>
        <translation>按客户来源</translation>
    </message>
    <message>
        <source>By owner</source>
        <translation>按负责人</translation>
    </message>
    <message>
        <source>New vs returning</source>
        <translation>新客户与老客户</translation>
    </message>
    <message>
        <source>Funnel by segment</source>
        <translation>分组漏斗</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Open the pipeline board</source>
        <translation>打开商机看板</translation>
    </message>
    <message>
        <source>No deals in this period</source>
        <translation>这段时间内没有商机</translation>
    </message>
    <message>
        <source>Choose a longer period, or add deals on the pipeline board to see your funnel.</source>
        <translation>请选择更长的时间段，或在商机看板中添加商机，即可查看销售漏斗。</translation>
    </message>
    <message>
        <source>Repair…</source>
        <translation>修复…</translation>
    </message>
    <message>
        <source>The statistics are not shown</source>
        <translation>统计未显示</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售管道</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>最近 90 天</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>最近 365 天</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Deals created in this period</source>
        <translation>在此期间创建的商机</translation>
    </message>
    <message>
        <source>Compare with previous period</source>
        <translation>与上一周期对比</translation>
    </message>
    <message numerus="yes">
        <source>%Ln deals created in the period</source>
        <translation>
            <numerusform>本期新建 %Ln 个商机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · %Ln deals · won %3</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %Ln 个商机 · 赢单率 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>by expected close month, in %1</source>
        <translation>按预计成交月份，单位 %1</translation>
    </message>
    <message>
        <source>Checking past forecasts…</source>
        <translation>正在检验过去的预测…</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>单位 %1</translation>
    </message>
    <message>
        <source>Set exchange rates…</source>
        <translation>设置汇率…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2 个</translation>
    </message>
    <message>
        <source>Deals without an exchange rate into %2 are left out of every money figure: %1.</source>
        <translation>没有换算成 %2 的汇率的商机未计入任何金额数字：%1。</translation>
    </message>
    <message>
        <source>Likely between %1 and %2 (P10–P90, the whisker on each bar): in 8 cases out of 10 the value won falls in this range.</source>
        <translation>可能在 %1 到 %2 之间（P10–P90，即每根柱上的须线）：十次中有八次，实际赢单金额落在这个范围内。</translation>
    </message>
    <message>
        <source>Not enough history yet: each month start needs open deals and 90 days of outcome behind it.</source>
        <translation>历史数据还不够：每个月初都需要有进行中的商机，并已过去 90 天的结果。</translation>
    </message>
    <message>
        <source>Forecasts of the last 12 months were off by %1 on average (grey: forecast at the month&apos;s start; green: won within 90 days).</source>
        <translation>近 12 个月的预测平均偏差 %1（灰色：月初时的预测；绿色：90 天内实际赢单）。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;■&lt;/span&gt; created &amp;nbsp; &lt;span style=&apos;color:%2&apos;&gt;■&lt;/span&gt; won (closed) &amp;nbsp; ● win rate</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;■&lt;/span&gt; 新建 &amp;nbsp; &lt;span style=&apos;color:%2&apos;&gt;■&lt;/span&gt; 赢单（成交） &amp;nbsp; ● 赢单率</translation>
    </message>
    <message>
        <source>%1 · all deals</source>
        <translation>%1 · 全部商机</translation>
    </message>
    <message>
        <source>%1 · deals created %2 – %3</source>
        <translation>%1 · %2 至 %3 创建的商机</translation>
    </message>
    <message>
        <source>No bottleneck yet: it takes at least 10 deals reaching a stage to name one.</source>
        <translation>暂无瓶颈：某个阶段至少有 10 个商机到达后才能判断。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:%5&apos;&gt;Bottleneck:&lt;/b&gt; only %1 of the %2 deals that reached “%3” went on to “%4”.</source>
        <translation>&lt;b style=&apos;color:%5&apos;&gt;瓶颈：&lt;/b&gt;到达“%3”的 %2 个商机中，只有 %1 进入了“%4”。</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Deals wait longest in “%1” (median %2).</source>
        <translation>商机在“%1”阶段停留最久（中位数 %2）。</translation>
    </message>
    <message>
        <source>Returning customers</source>
        <translation>老客户</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>the %1 largest; %2 more not shown</source>
        <translation>仅显示最大的 %1 组；另有 %2 组未显示</translation>
    </message>
</context>
<context>
    <name>GreetingDialog</name>
    <message>
        <source>Write a greeting</source>
        <translation>写祝福</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>祝福内容</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Copy and log</source>
        <translation>复制并记录</translation>
    </message>
    <message>
        <source>Greeting copied to the clipboard and logged for %1.</source>
        <translation>祝福已复制到剪贴板，并已记入 %1 的联系记录。</translation>
    </message>
</context>
<context>
    <name>GroupedList</name>
    <message numerus="yes">
        <source>Show %n more…</source>
        <translation>
            <numerusform>再显示 %n 项…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Log contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>No next step planned</source>
        <translation>尚未计划下一步</translation>
    </message>
    <message>
        <source>Next: %1 (%2)</source>
        <translation>下一步：%1（%2）</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>Check the columns</source>
        <translation>核对各列内容</translation>
    </message>
    <message>
        <source>Skip contacts whose phone or e-mail is already known</source>
        <translation>跳过电话或邮箱已存在的联系人</translation>
    </message>
    <message>
        <source>Merge them into the existing card (fill empty fields)</source>
        <translation>合并到已有档案（只补充空白字段）</translation>
    </message>
    <message>
        <source>Import them as new cards anyway</source>
        <translation>仍作为新客户导入</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Text encoding:</source>
        <translation>文本编码：</translation>
    </message>
    <message>
        <source>Contacts already in FunnelDesk:</source>
        <translation>FunnelDesk 中已有的联系人：</translation>
    </message>
    <message>
        <source>%1 (found in the file)</source>
        <translation>%1（根据文件判断）</translation>
    </message>
    <message>
        <source>Some characters cannot be read in this encoding (shown as �): choose another.</source>
        <translation>有些字符无法按此编码读取（显示为 �）：请选择其他编码。</translation>
    </message>
    <message>
        <source>If names look garbled, choose the encoding the file was saved in.</source>
        <translation>如果姓名显示为乱码，请选择文件保存时使用的编码。</translation>
    </message>
    <message>
        <source>(no header)</source>
        <translation>（无表头）</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>Choose the column that holds the names (or the company).</source>
        <translation>请选择包含姓名（或公司名称）的列。</translation>
    </message>
    <message>
        <source>Import (%1 of %2 columns)</source>
        <translation>导入（%2 列中的 %1 列）</translation>
    </message>
    <message>
        <source>Importing contacts…</source>
        <translation>正在导入联系人…</translation>
    </message>
    <message>
        <source>Building the customer indexes…</source>
        <translation>正在建立客户索引…</translation>
    </message>
    <message>
        <source>Indexing for search…</source>
        <translation>正在建立搜索索引…</translation>
    </message>
    <message>
        <source>The import was stopped; the rows before that point were imported.</source>
        <translation>导入已中止；此前的行已导入。</translation>
    </message>
    <message numerus="yes">
        <source>%1 · about %Ln rows · choose what each column holds; the first rows are shown.</source>
        <translation>
            <numerusform>%1 · 约 %Ln 行 · 请为每一列选择对应的字段（下方显示前几行）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows need a look: fix them in your file and import just those rows again.</source>
        <translation>
            <numerusform>有 %Ln 行需要检查：请在原文件中修正后，只重新导入这些行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every row was read without a problem.</source>
        <translation>所有行均已顺利读取。</translation>
    </message>
    <message>
        <source>The file was read as %1.</source>
        <translation>文件按 %1 读取。</translation>
    </message>
    <message>
        <source>Edit ▸ Undo (Ctrl+Z) removes the whole import.</source>
        <translation>使用“编辑 ▸ 撤销”（Ctrl+Z）可撤回整次导入。</translation>
    </message>
    <message>
        <source>The first %1 are listed; “Save list…” writes all of them to a file.</source>
        <translation>此处仅列出前 %1 条；点击“保存列表…”可将全部问题行写入文件。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>What to fix</source>
        <translation>需修正的内容</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save list…</source>
        <translation>保存列表…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln contacts</source>
        <translation>
            <numerusform>已导入 %Ln 位联系人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped because they are already in FunnelDesk:</source>
        <translation>
            <numerusform>%Ln 位联系人已在 FunnelDesk 中，已跳过：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (row %2)</source>
        <translation>%1（第 %2 行）</translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more</source>
        <translation>
            <numerusform>另有 %Ln 位</numerusform>
        </translation>
    </message>
    <message>
        <source>Save rows to fix</source>
        <translation>保存需修正的行</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>Saved %Ln rows to fix to %1</source>
        <translation>
            <numerusform>已将 %Ln 条需修正的行保存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>中间名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>客户来源</translation>
    </message>
    <message>
        <source>Spending level</source>
        <translation>消费水平</translation>
    </message>
    <message>
        <source>Purchase frequency</source>
        <translation>购买频率</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Keep in touch every (days)</source>
        <translation>联系间隔（天）</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Anniversary</source>
        <translation>纪念日</translation>
    </message>
    <message>
        <source>Other dates</source>
        <translation>其他日期</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>偏好</translation>
    </message>
    <message>
        <source>UTF-8 (Unicode)</source>
        <translation>UTF-8（Unicode）</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Simplified Chinese)</source>
        <translation>GB18030 / GBK（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Windows-1252 (Western European)</source>
        <translation>Windows-1252（西欧语言）</translation>
    </message>
    <message>
        <source>Windows-1250 (Central European)</source>
        <translation>Windows-1250（中欧语言）</translation>
    </message>
    <message>
        <source>Windows-1251 (Cyrillic)</source>
        <translation>Windows-1251（西里尔文）</translation>
    </message>
    <message>
        <source>Shift-JIS (Japanese)</source>
        <translation>Shift-JIS（日文）</translation>
    </message>
    <message>
        <source>EUC-KR (Korean)</source>
        <translation>EUC-KR（韩文）</translation>
    </message>
    <message>
        <source>UTF-16 (Unicode)</source>
        <translation>UTF-16（Unicode）</translation>
    </message>
    <message>
        <source>UTF-16 LE (Unicode)</source>
        <translation>UTF-16 LE（Unicode）</translation>
    </message>
    <message>
        <source>UTF-16 BE (Unicode)</source>
        <translation>UTF-16 BE（Unicode）</translation>
    </message>
    <message>
        <source>Contacts (*.csv *.txt *.tsv *.xlsx *.vcf);;All files (*)</source>
        <translation>联系人文件 (*.csv *.txt *.tsv *.xlsx *.vcf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>InteractionDialog</name>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系记录</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No deal</source>
        <translation>不关联商机</translation>
    </message>
    <message>
        <source>What was said, what was agreed …</source>
        <translation>沟通了什么、约定了什么 …</translation>
    </message>
    <message>
        <source>Plan a follow-up on</source>
        <translation>计划跟进日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>FunnelDesk</source>
        <translation>FunnelDesk</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>KeepInTouchCombo</name>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>其他…</translation>
    </message>
    <message>
        <source>Today lists this customer when the last contact is older than this.</source>
        <translation>距上次联系超过此间隔时，“今天”会列出该客户。</translation>
    </message>
    <message>
        <source>Keep in touch</source>
        <translation>保持联系</translation>
    </message>
    <message>
        <source>Every how many days?</source>
        <translation>每隔多少天？</translation>
    </message>
</context>
<context>
    <name>KnownCustomerBanner</name>
    <message>
        <source>%1 already has this phone number.</source>
        <translation>%1 已使用此电话号码。</translation>
    </message>
    <message>
        <source>%1 already has this e-mail address.</source>
        <translation>%1 已使用此邮箱地址。</translation>
    </message>
    <message>
        <source>Open that card</source>
        <translation>打开那张卡片</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一个人</translation>
    </message>
</context>
<context>
    <name>KpiRow</name>
    <message>
        <source>Win rate</source>
        <translation>赢单率</translation>
    </message>
    <message>
        <source>Sales velocity</source>
        <translation>销售速度</translation>
    </message>
    <message>
        <source>Weighted pipeline</source>
        <translation>加权管道金额</translation>
    </message>
    <message>
        <source>Open deals</source>
        <translation>进行中的商机</translation>
    </message>
    <message>
        <source>Cost per new customer</source>
        <translation>获客成本</translation>
    </message>
    <message>
        <source>%1 won · %2 lost</source>
        <translation>赢单 %1 · 输单 %2</translation>
    </message>
    <message>
        <source>Won ÷ (won + lost) among deals closed in the period.</source>
        <translation>本期结束的商机中：赢单数 ÷（赢单数 + 输单数）。</translation>
    </message>
    <message>
        <source>Sales cycle (median)</source>
        <translation>销售周期（中位数）</translation>
    </message>
    <message>
        <source>closed in period</source>
        <translation>本期成交</translation>
    </message>
    <message>
        <source>open now</source>
        <translation>当前进行中</translation>
    </message>
    <message>
        <source>won in period</source>
        <translation>本期赢单</translation>
    </message>
    <message>
        <source>open now × closed in period</source>
        <translation>当前进行中 × 本期成交</translation>
    </message>
    <message>
        <source>first wins in period</source>
        <translation>本期首次赢单</translation>
    </message>
    <message>
        <source>mean %1</source>
        <translation>平均 %1</translation>
    </message>
    <message>
        <source>Days from creation to won, over deals won in the period.</source>
        <translation>本期赢单商机从创建到赢单所用的天数。</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Open deals × win rate × average won value ÷ mean cycle length.</source>
        <translation>进行中的商机数 × 赢单率 × 平均赢单金额 ÷ 平均销售周期。</translation>
    </message>
    <message>
        <source>of %1 open</source>
        <translation>进行中 %1</translation>
    </message>
    <message>
        <source>Σ value × win probability over every open deal now, whatever the period (%1)</source>
        <translation>当前所有进行中商机的 金额 × 赢单概率 之和，与所选时段无关（%1）</translation>
    </message>
    <message>
        <source>worth %1</source>
        <translation>金额 %1</translation>
    </message>
    <message>
        <source>Every deal of the pipeline that is open now, whatever the period.</source>
        <translation>此管道当前所有进行中的商机，与所选时段无关。</translation>
    </message>
    <message>
        <source>%1 %2 pts · was %3</source>
        <translation>%1 %2 个百分点 · 之前 %3</translation>
    </message>
    <message>
        <source>%1 %2 · was %3</source>
        <translation>%1 %2 · 之前 %3</translation>
    </message>
    <message>
        <source>cost ÷ new customers</source>
        <translation>成本 ÷ 新客户数</translation>
    </message>
    <message>
        <source>no marketing costs entered</source>
        <translation>尚未录入营销费用</translation>
    </message>
    <message>
        <source>Marketing cost per source and month ÷ customers whose first win closed then.</source>
        <translation>各来源每月的营销费用 ÷ 当月首次赢单的客户数。</translation>
    </message>
    <message>
        <source>previous period: %1</source>
        <translation>上一周期：%1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Anniversary</source>
        <translation>纪念日</translation>
    </message>
    <message>
        <source>Child&apos;s birthday</source>
        <translation>子女生日</translation>
    </message>
    <message>
        <source>Housewarming</source>
        <translation>乔迁</translation>
    </message>
    <message>
        <source>Other date</source>
        <translation>其他日期</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会面</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>祝福</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <source>Drink</source>
        <translation>饮品</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>美食</translation>
    </message>
    <message>
        <source>Gift</source>
        <translation>礼物</translation>
    </message>
    <message>
        <source>Hobby</source>
        <translation>爱好</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>积极</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>消极</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>转介绍</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>官网</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Exhibition</source>
        <translation>展会</translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation>电话陌拜</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>One-off</source>
        <translation>一次性</translation>
    </message>
    <message>
        <source>Yearly</source>
        <translation>每年</translation>
    </message>
    <message>
        <source>Quarterly</source>
        <translation>每季度</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>输单</translation>
    </message>
    <message>
        <source>leap %1 month</source>
        <translation>闰%1月</translation>
    </message>
    <message>
        <source>%1 month</source>
        <translation>%1月</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>%1 days ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 年</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>%1 天后</translation>
    </message>
    <message>
        <source>turns %1</source>
        <translation>%1 岁生日</translation>
    </message>
    <message>
        <source>%1 years together</source>
        <translation>%1 周年</translation>
    </message>
    <message>
        <source>lunar leap %1/%2</source>
        <translation>农历闰%1/%2</translation>
    </message>
    <message>
        <source>lunar %1/%2</source>
        <translation>农历%1/%2</translation>
    </message>
</context>
<context>
    <name>LeadScorePanel</name>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Lead score</source>
        <translation>线索评分</translation>
    </message>
    <message>
        <source>%1 / 100</source>
        <translation>%1 / 100</translation>
    </message>
    <message>
        <source>learned from this pipeline&apos;s closed deals</source>
        <translation>根据本管道已结束的商机训练得出</translation>
    </message>
    <message>
        <source>default weights (fewer than 30 closed deals)</source>
        <translation>默认权重（已结束的商机不足 30 个）</translation>
    </message>
    <message numerus="yes">
        <source>%n closed deals without an exchange rate left out</source>
        <translation>
            <numerusform>%n 个已结束的商机没有汇率，未参与学习</numerusform>
        </translation>
    </message>
    <message>
        <source>Typical deal: %1</source>
        <translation>典型商机：%1</translation>
    </message>
</context>
<context>
    <name>LostReason</name>
    <message>
        <source>Price too high</source>
        <translation>价格太高</translation>
    </message>
    <message>
        <source>Chose a competitor</source>
        <translation>选择了竞争对手</translation>
    </message>
    <message>
        <source>No budget</source>
        <translation>没有预算</translation>
    </message>
    <message>
        <source>Not the right time</source>
        <translation>时机不合适</translation>
    </message>
    <message>
        <source>Stopped responding</source>
        <translation>客户失去联系</translation>
    </message>
    <message>
        <source>Needs not met</source>
        <translation>需求不匹配</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
</context>
<context>
    <name>LostReasonDialog</name>
    <message>
        <source>Mark as lost: %1</source>
        <translation>标记为输单：%1</translation>
    </message>
    <message>
        <source>Why was %1 lost?</source>
        <translation>%1 为什么输单？</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n deals as lost</source>
        <translation>
            <numerusform>将 %n 个商机标记为输单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Why were these %n deals lost?</source>
        <translation>
            <numerusform>这 %n 个商机为什么输单？</numerusform>
        </translation>
    </message>
    <message>
        <source>Pick or type a reason (optional)</source>
        <translation>选择或输入输单原因（可选）</translation>
    </message>
    <message>
        <source>Mark lost</source>
        <translation>标记为输单</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>%1 (read-only) — FunnelDesk</source>
        <translation>%1（只读）— FunnelDesk</translation>
    </message>
    <message>
        <source>%1 — FunnelDesk</source>
        <translation>%1 — FunnelDesk</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import contacts…</source>
        <translation>导入联系人(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation>导出报表(&amp;E)…</translation>
    </message>
    <message>
        <source>Export customers as CSV…</source>
        <translation>将客户导出为 CSV…</translation>
    </message>
    <message>
        <source>Export deals as CSV…</source>
        <translation>将商机导出为 CSV…</translation>
    </message>
    <message>
        <source>Export dates to calendar…</source>
        <translation>将重要日期导出到日历…</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Team…</source>
        <translation>团队(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>Find &amp;duplicates…</source>
        <translation>查找重复客户(&amp;D)…</translation>
    </message>
    <message>
        <source>Festival &amp;greetings…</source>
        <translation>节日问候(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Activities</source>
        <translation>活动(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Plan activity…</source>
        <translation>计划活动(&amp;P)…</translation>
    </message>
    <message>
        <source>Keep running in the &amp;tray when closed</source>
        <translation>关闭窗口后在托盘中继续运行(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FunnelDesk</source>
        <translation>关于 FunnelDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Excel report</source>
        <translation>Excel 报表</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln 位客户</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deals</source>
        <translation>
            <numerusform>%Ln 个进行中的商机</numerusform>
        </translation>
    </message>
    <message>
        <source>FunnelDesk database (*.sqlite *.db *.funneldesk);;All files (*)</source>
        <translation>FunnelDesk 数据库 (*.sqlite *.db *.funneldesk);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>About FunnelDesk</source>
        <translation>关于 FunnelDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FunnelDesk %1&lt;/h3&gt;&lt;p&gt;An offline CRM for salespeople: customer cards, a pipeline board, a sales funnel and Excel reports.&lt;/p&gt;&lt;p&gt;Your data stays in one file on this computer:&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FunnelDesk %1&lt;/h3&gt;&lt;p&gt;为销售人员打造的离线客户管理工具：客户档案、商机看板、销售漏斗与 Excel 报表。&lt;/p&gt;&lt;p&gt;所有数据都保存在这台电脑上的一个文件里：&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MergeComparison</name>
    <message>
        <source>Card kept (#%1)</source>
        <translation>保留的卡片（#%1）</translation>
    </message>
    <message>
        <source>Card merged into it (#%1)</source>
        <translation>并入的卡片（#%1）</translation>
    </message>
    <message>
        <source>Keep both notes</source>
        <translation>保留两份备注</translation>
    </message>
    <message>
        <source>important dates: %1</source>
        <translation>重要日期 %1 个</translation>
    </message>
    <message>
        <source>preferences: %1</source>
        <translation>偏好 %1 项</translation>
    </message>
    <message>
        <source>contacts: %1</source>
        <translation>联系记录 %1 条</translation>
    </message>
    <message>
        <source>planned activities: %1</source>
        <translation>计划活动 %1 项</translation>
    </message>
    <message>
        <source>deals: %1</source>
        <translation>交易 %1 笔</translation>
    </message>
    <message>
        <source>Moves onto the kept card: %1.</source>
        <translation>将移到保留的卡片：%1。</translation>
    </message>
    <message>
        <source>The other card has no history to move.</source>
        <translation>另一张卡片没有需要移动的记录。</translation>
    </message>
</context>
<context>
    <name>MineToggle</name>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Only your deals, customers and activities</source>
        <translation>只看您负责的商机、客户和活动</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>The whole team&apos;s</source>
        <translation>整个团队的</translation>
    </message>
</context>
<context>
    <name>MissedReminders</name>
    <message>
        <source>Missed reminders</source>
        <translation>错过的提醒</translation>
    </message>
    <message>
        <source>These reminders fell while FunnelDesk was closed:</source>
        <translation>以下提醒在 FunnelDesk 关闭期间到期：</translation>
    </message>
</context>
<context>
    <name>OpenFailure</name>
    <message>
        <source>Cannot open database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>%1 is empty. Start a new FunnelDesk database in it?</source>
        <translation>%1 是空文件。要在其中新建一个 FunnelDesk 数据库吗？</translation>
    </message>
    <message>
        <source>Read-only database</source>
        <translation>只读数据库</translation>
    </message>
    <message>
        <source>%1 is read-only: changes cannot be saved.</source>
        <translation>%1 是只读的：无法保存更改。</translation>
    </message>
    <message>
        <source>FunnelDesk opened it for reading. To work with it, give the file (and its folder) write permission, or copy it to a folder of yours and open the copy.</source>
        <translation>FunnelDesk 以只读方式打开了它。若要编辑，请为该文件（及其所在文件夹）授予写入权限，或将它复制到你自己的文件夹中再打开副本。</translation>
    </message>
    <message>
        <source>FunnelDesk cannot open %1.</source>
        <translation>FunnelDesk 无法打开 %1。</translation>
    </message>
    <message>
        <source>The file was not changed.</source>
        <translation>该文件未被改动。</translation>
    </message>
    <message>
        <source>The latest good backup is from %1 (%2 customers, %3 deals).</source>
        <translation>最近一份完好的备份来自 %1（%2 位客户，%3 个商机）。</translation>
    </message>
    <message>
        <source>&amp;Restore latest backup</source>
        <translation>恢复最近的备份(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open another file…</source>
        <translation>打开其他文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>FunnelDesk database (*.sqlite *.db *.funneldesk);;All files (*)</source>
        <translation>FunnelDesk 数据库 (*.sqlite *.db *.funneldesk);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>已恢复</translation>
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
        <source>Restored. The data it replaced was kept in %1.</source>
        <translation>已恢复。被替换的数据保存在 %1。</translation>
    </message>
</context>
<context>
    <name>OperationCommand</name>
    <message>
        <source>Redoing “%1”…</source>
        <translation>正在重做“%1”…</translation>
    </message>
    <message>
        <source>Undoing “%1”…</source>
        <translation>正在撤销“%1”…</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Complete activity</source>
        <translation>完成活动</translation>
    </message>
    <message>
        <source>Delete activity</source>
        <translation>删除活动</translation>
    </message>
    <message>
        <source>Reschedule activity</source>
        <translation>改期活动</translation>
    </message>
    <message>
        <source>Edit activity</source>
        <translation>编辑活动</translation>
    </message>
    <message>
        <source>Plan activity</source>
        <translation>计划活动</translation>
    </message>
    <message>
        <source>Add date</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Add exchange rate</source>
        <translation>添加汇率</translation>
    </message>
    <message>
        <source>Add preference</source>
        <translation>添加偏好</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Choose festival greetings</source>
        <translation>选择节日问候</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>删除联系记录</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <source>Delete date</source>
        <translation>删除日期</translation>
    </message>
    <message>
        <source>Delete deal</source>
        <translation>删除商机</translation>
    </message>
    <message>
        <source>Delete deals</source>
        <translation>删除多个商机</translation>
    </message>
    <message>
        <source>Delete exchange rate</source>
        <translation>删除汇率</translation>
    </message>
    <message>
        <source>Delete pipeline</source>
        <translation>删除销售管道</translation>
    </message>
    <message>
        <source>Delete preference</source>
        <translation>删除偏好</translation>
    </message>
    <message>
        <source>Delete stage</source>
        <translation>删除阶段</translation>
    </message>
    <message>
        <source>Edit exchange rate</source>
        <translation>修改汇率</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>编辑联系记录</translation>
    </message>
    <message>
        <source>Edit customer</source>
        <translation>编辑客户</translation>
    </message>
    <message>
        <source>Edit date</source>
        <translation>编辑日期</translation>
    </message>
    <message>
        <source>Edit deal</source>
        <translation>编辑商机</translation>
    </message>
    <message>
        <source>Edit greeting templates</source>
        <translation>编辑祝福模板</translation>
    </message>
    <message>
        <source>Edit preference</source>
        <translation>编辑偏好</translation>
    </message>
    <message>
        <source>Edit stage</source>
        <translation>编辑阶段</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>Log greetings</source>
        <translation>记录问候</translation>
    </message>
    <message>
        <source>Mark lost</source>
        <translation>标记为输单</translation>
    </message>
    <message>
        <source>Mark won</source>
        <translation>标记为赢单</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>Move deal</source>
        <translation>移动商机</translation>
    </message>
    <message>
        <source>Move deals</source>
        <translation>移动多个商机</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>New pipeline</source>
        <translation>新建销售管道</translation>
    </message>
    <message>
        <source>Not duplicates</source>
        <translation>标记为非重复</translation>
    </message>
    <message>
        <source>Rename pipeline</source>
        <translation>重命名销售管道</translation>
    </message>
    <message>
        <source>Reopen deal</source>
        <translation>重新打开商机</translation>
    </message>
    <message>
        <source>Restore overwritten value</source>
        <translation>恢复被覆盖的值</translation>
    </message>
    <message>
        <source>Reorder stages</source>
        <translation>调整阶段顺序</translation>
    </message>
</context>
<context>
    <name>PeriodDialog</name>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>最近 %1 天</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>The funnel and its figures cover deals created in this period; the Deals and Customers sheets list every row.</source>
        <translation>销售漏斗及各项指标只统计在此期间创建的商机；“商机”和“客户”工作表会列出全部记录。</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>统计期间：</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
</context>
<context>
    <name>PipelineBoard</name>
    <message>
        <source>Lead source</source>
        <translation>线索来源</translation>
    </message>
    <message>
        <source>Spending level</source>
        <translation>消费水平</translation>
    </message>
    <message>
        <source>Contacts in the last 30 days</source>
        <translation>近 30 天联系次数</translation>
    </message>
    <message>
        <source>Days since last contact</source>
        <translation>距上次联系天数</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Deal value</source>
        <translation>商机金额</translation>
    </message>
    <message>
        <source>No customer</source>
        <translation>无关联客户</translation>
    </message>
    <message>
        <source>No next step planned</source>
        <translation>尚未计划下一步</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>停滞</translation>
    </message>
    <message>
        <source>In this stage for %1</source>
        <translation>已在此阶段 %1</translation>
    </message>
    <message>
        <source>Expected close: %1</source>
        <translation>预计成交：%1</translation>
    </message>
    <message>
        <source>Owner: %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <source>Idle: no activity for longer than this stage allows</source>
        <translation>停滞：无任何进展的时间已超过本阶段的上限</translation>
    </message>
    <message>
        <source>Expected close date has passed</source>
        <translation>已过预计成交日期</translation>
    </message>
    <message>
        <source>Next step: %1, %2</source>
        <translation>下一步：%1，%2</translation>
    </message>
    <message>
        <source>Lead score %1</source>
        <translation>线索评分 %1</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message>
        <source>Pipeline</source>
        <translation>商机看板</translation>
    </message>
    <message>
        <source>Pipeline shown on the board</source>
        <translation>看板上显示的销售管道</translation>
    </message>
    <message>
        <source>Stages…</source>
        <translation>阶段设置…</translation>
    </message>
    <message>
        <source>Closed deals</source>
        <translation>已结束的商机</translation>
    </message>
    <message>
        <source>Won and lost deals; reopen one from here</source>
        <translation>赢单和输单的商机；可在这里重新打开</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>新建商机</translation>
    </message>
    <message>
        <source>Edit deal…</source>
        <translation>编辑商机…</translation>
    </message>
    <message>
        <source>Open customer card</source>
        <translation>打开客户档案</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>Move to next stage</source>
        <translation>移到下一阶段</translation>
    </message>
    <message>
        <source>Move to previous stage</source>
        <translation>移到上一阶段</translation>
    </message>
    <message>
        <source>Mark won</source>
        <translation>标记为赢单</translation>
    </message>
    <message>
        <source>Mark lost…</source>
        <translation>标记为输单…</translation>
    </message>
    <message>
        <source>Delete deal</source>
        <translation>删除商机</translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deals shown (%2) · %3 · weighted %4</source>
        <translation>
            <numerusform>显示 %Ln 个进行中的商机（%2）· %3 · 加权 %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deals · %3 · weighted %4</source>
        <translation>
            <numerusform>%Ln 个进行中的商机 · %3 · 加权 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 without an exchange rate left out (*)</source>
        <translation>%1 个商机没有汇率，未计入（*）</translation>
    </message>
    <message>
        <source>This deal has no customer.</source>
        <translation>该商机没有关联客户。</translation>
    </message>
    <message>
        <source>That deal no longer exists.</source>
        <translation>该商机已不存在。</translation>
    </message>
</context>
<context>
    <name>PreferencesTab</name>
    <message>
        <source>Category…</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>e.g. green tea, jazz, red wine</source>
        <translation>例如：绿茶、爵士乐、红酒</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>No preferences yet. Note what they drink, enjoy or would like as a gift — greeting templates can use it.</source>
        <translation>还没有记录偏好。记下客户爱喝什么、喜欢什么、想收到什么礼物——祝福模板可以用上这些信息。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Edit preference</source>
        <translation>编辑偏好</translation>
    </message>
</context>
<context>
    <name>RateEditor</name>
    <message>
        <source>Exchange rate</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>e.g. EUR</source>
        <translation>例如 EUR</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>币种(&amp;C)：</translation>
    </message>
    <message>
        <source>1 unit is worth:</source>
        <translation>1 单位折合：</translation>
    </message>
    <message>
        <source>&amp;Valid from:</source>
        <translation>生效日期(&amp;V)：</translation>
    </message>
</context>
<context>
    <name>RecordTab</name>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>Open FunnelDesk</source>
        <translation>打开 FunnelDesk</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>RepairOffer</name>
    <message>
        <source>Repairing the database…</source>
        <translation>正在修复数据库…</translation>
    </message>
    <message>
        <source>The database was repaired.</source>
        <translation>数据库已修复。</translation>
    </message>
    <message>
        <source>Repair database</source>
        <translation>修复数据库</translation>
    </message>
    <message>
        <source>FunnelDesk found problems in this file that it can repair.</source>
        <translation>FunnelDesk 在此文件中发现了可以修复的问题。</translation>
    </message>
    <message>
        <source>Another program changed this file: parts FunnelDesk keeps up to date for the statistics and the search are missing or out of date.</source>
        <translation>此文件被其他程序修改过：FunnelDesk 为统计和搜索维护的部分数据缺失或已过期。</translation>
    </message>
    <message>
        <source>Repairing changes none of your customers, deals or notes: it rebuilds only what FunnelDesk derives from them.</source>
        <translation>修复不会更改您的任何客户、商机或备注：它只会重建 FunnelDesk 从中推导出的数据。</translation>
    </message>
    <message>
        <source>&amp;Repair now</source>
        <translation>立即修复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>Repair failed</source>
        <translation>修复失败</translation>
    </message>
    <message>
        <source>Until they are repaired, the statistics are not shown.</source>
        <translation>修复之前，统计不会显示。</translation>
    </message>
</context>
<context>
    <name>Restart</name>
    <message>
        <source>Language changed</source>
        <translation>语言已更改</translation>
    </message>
    <message>
        <source>Restart FunnelDesk now to show every window in the new language?</source>
        <translation>现在重新启动 FunnelDesk，以新语言显示所有窗口吗？</translation>
    </message>
    <message>
        <source>Each window comes back on the same file and view. If a card has unsaved changes, you are asked about them first.</source>
        <translation>每个窗口都会重新打开原来的文件和视图。如果有客户卡片的更改尚未保存，会先询问您。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重新启动</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <source>FunnelDesk could not start again; the new language is used at the next start.</source>
        <translation>FunnelDesk 无法重新启动；新语言将在下次启动时使用。</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
    <message>
        <source>Unreadable file, kept</source>
        <translation>无法读取的文件（已保留）</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Choose the backup to go back to</source>
        <translation>选择要恢复到的备份</translation>
    </message>
    <message>
        <source>The data you have now is backed up first, so you can come back to it from this list.</source>
        <translation>恢复前会先备份当前数据，之后仍可从这个列表中找回。</translation>
    </message>
    <message>
        <source>No backups yet</source>
        <translation>还没有备份</translation>
    </message>
    <message>
        <source>FunnelDesk backs up automatically while you work; use File ▸ Back up now to make one at any time.</source>
        <translation>FunnelDesk 会在您工作时自动备份；也可以随时通过“文件 ▸ 立即备份”手动备份。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Show &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deals</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>SavedFile</name>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>已保存“%1”。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机设置</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>FunnelDesk restarts to show a new language, on the same file and view.</source>
        <translation>更换语言时 FunnelDesk 会重新启动，并回到原来的文件和视图。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>&amp;Backup folder:</source>
        <translation>备份文件夹(&amp;B)：</translation>
    </message>
    <message>
        <source>This database</source>
        <translation>本数据库设置</translation>
    </message>
    <message>
        <source>Three-letter code used for new deals; every total is shown in it</source>
        <translation>新商机使用的三字母代码；所有合计都以它显示</translation>
    </message>
    <message>
        <source>Exchange &amp;rates…</source>
        <translation>汇率(&amp;R)…</translation>
    </message>
    <message>
        <source>Rates that convert deals in other currencies for every total</source>
        <translation>用于把其他币种商机换算进合计的汇率</translation>
    </message>
    <message>
        <source>&amp;Currency:</source>
        <translation>货币(&amp;C)：</translation>
    </message>
    <message>
        <source> days before</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Used for important dates added from now on</source>
        <translation>适用于此后新添加的重要日期</translation>
    </message>
    <message>
        <source>&amp;Remind me:</source>
        <translation>提前提醒(&amp;R)：</translation>
    </message>
    <message>
        <source>d MMMM</source>
        <comment>date format for a day and month without year</comment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>29 February &amp;in common years:</source>
        <translation>平年的 2 月 29 日(&amp;I)：</translation>
    </message>
    <message>
        <source>First pipeline</source>
        <translation>第一个销售管道</translation>
    </message>
    <message>
        <source>Default &amp;pipeline:</source>
        <translation>默认销售管道(&amp;P)：</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>The new language is used after FunnelDesk restarts.</source>
        <translation>新语言将在重新启动 FunnelDesk 后生效。</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>FunnelDesk already has %1 open; switched to that window.</source>
        <translation>FunnelDesk 已经打开了 %1，已切换到该窗口。</translation>
    </message>
    <message>
        <source>FunnelDesk already has %1 open in another window.</source>
        <translation>FunnelDesk 已在另一个窗口中打开了 %1。</translation>
    </message>
    <message>
        <source>Already open</source>
        <translation>已经打开</translation>
    </message>
</context>
<context>
    <name>Snooze</name>
    <message>
        <source>Pick a date…</source>
        <translation>选择日期…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>Move to another day</source>
        <translation>改到另一天</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>下周</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <source>weighted %1</source>
        <translation>加权 %1</translation>
    </message>
    <message>
        <source>Total value of the deals shown: %1</source>
        <translation>所列商机总金额：%1</translation>
    </message>
    <message>
        <source>Left out: deals in a currency without an exchange rate (%1). Set rates in Settings ▸ Currencies.</source>
        <translation>未计入：币种没有汇率的商机（%1 个）。请在 设置 ▸ 币种 中设置汇率。</translation>
    </message>
    <message>
        <source>Weighted value: each deal&apos;s value times its win probability (the deal&apos;s own, or this stage&apos;s %1%)</source>
        <translation>加权金额：每个商机的金额乘以赢单概率（优先用商机自己的概率，否则用本阶段的 %1%）</translation>
    </message>
</context>
<context>
    <name>StageEditor</name>
    <message>
        <source>Pipelines and stages</source>
        <translation>销售管道与阶段</translation>
    </message>
    <message>
        <source>New pipeline…</source>
        <translation>新建销售管道…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售管道</translation>
    </message>
    <message>
        <source>Drag stages to change their order.</source>
        <translation>拖动阶段可调整顺序。</translation>
    </message>
    <message>
        <source>Add stage</source>
        <translation>添加阶段</translation>
    </message>
    <message>
        <source>Delete stage…</source>
        <translation>删除阶段…</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Win probability</source>
        <translation>赢单概率</translation>
    </message>
    <message>
        <source>Idle after</source>
        <translation>停滞判定</translation>
    </message>
    <message>
        <source>%1 open deals in this stage</source>
        <translation>此阶段有 %1 个进行中的商机</translation>
    </message>
    <message>
        <source>Name of the new stage:</source>
        <translation>新阶段名称：</translation>
    </message>
    <message>
        <source>Delete stage</source>
        <translation>删除阶段</translation>
    </message>
    <message>
        <source>Delete the stage “%1”?</source>
        <translation>删除阶段“%1”？</translation>
    </message>
    <message numerus="yes">
        <source>“%1” holds %Ln deals. Move them to:</source>
        <translation>
            <numerusform>“%1”中有 %Ln 个商机，将它们移到：</numerusform>
        </translation>
    </message>
    <message>
        <source>New pipeline</source>
        <translation>新建销售管道</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>提供方案</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>商务谈判</translation>
    </message>
    <message>
        <source>Rename pipeline</source>
        <translation>重命名销售管道</translation>
    </message>
    <message>
        <source>Delete pipeline</source>
        <translation>删除销售管道</translation>
    </message>
    <message>
        <source>Delete the pipeline “%1” and its stages?</source>
        <translation>删除销售管道“%1”及其所有阶段？</translation>
    </message>
</context>
<context>
    <name>SyncButton</name>
    <message numerus="yes">
        <source>%n conflicts</source>
        <translation>
            <numerusform>%n 个冲突</numerusform>
        </translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n 项未发送</numerusform>
        </translation>
    </message>
    <message>
        <source>Synced ✓</source>
        <translation>已同步 ✓</translation>
    </message>
    <message>
        <source>Team sync: click for the team, conflicts and sync now</source>
        <translation>团队同步：点击查看团队、冲突并立即同步</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Share your pipeline and customers with your team through a PostgreSQL database (the hub). Everyone keeps a complete file and can work offline.</source>
        <translation>通过一个 PostgreSQL 数据库（中心库）与团队共享销售管道和客户。每个人都保留完整的数据文件，离线也能工作。</translation>
    </message>
    <message>
        <source>postgresql://anna@office-pc/funneldesk</source>
        <translation>postgresql://用户名@办公室电脑/funneldesk</translation>
    </message>
    <message>
        <source>Your name, as the team sees it</source>
        <translation>团队成员看到的您的名字</translation>
    </message>
    <message>
        <source>The hub is on our office network and has no TLS certificate (not recommended)</source>
        <translation>中心库在办公室内网中，没有 TLS 证书（不推荐）</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>中心库地址：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation>您的名字：</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Create team</source>
        <translation>创建团队</translation>
    </message>
    <message>
        <source>Prepare the hub and upload this file (the first member)</source>
        <translation>准备中心库并上传此文件（第一位成员）</translation>
    </message>
    <message>
        <source>Join team</source>
        <translation>加入团队</translation>
    </message>
    <message>
        <source>Enter the hub&apos;s address first.</source>
        <translation>请先输入中心库地址。</translation>
    </message>
    <message>
        <source>Connecting to the hub…</source>
        <translation>正在连接中心库…</translation>
    </message>
    <message>
        <source>Connected. A team is set up on this hub: join it.</source>
        <translation>已连接。此中心库上已有团队：请加入。</translation>
    </message>
    <message>
        <source>Connected. No team on this hub yet: Create team sets it up.</source>
        <translation>已连接。此中心库上还没有团队：点击“创建团队”即可建立。</translation>
    </message>
    <message>
        <source>Enter the hub&apos;s address and your name.</source>
        <translation>请输入中心库地址和您的名字。</translation>
    </message>
    <message>
        <source>Creating the team…</source>
        <translation>正在创建团队…</translation>
    </message>
    <message>
        <source>Joining the team…</source>
        <translation>正在加入团队…</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Overwritten value</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <source>By</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>Kept value</source>
        <translation>保留的值</translation>
    </message>
    <message>
        <source>Put back the overwritten value</source>
        <translation>恢复被覆盖的值</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Leave team…</source>
        <translation>退出团队…</translation>
    </message>
    <message>
        <source>Values overwritten by a later edit:</source>
        <translation>被更晚的修改覆盖的值：</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Hub: %1 (%2)
You are: %3 · unsent changes: %4 · last sync: %5</source>
        <translation>中心库：%1（%2）
您是：%3 · 未发送的更改：%4 · 上次同步：%5</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>商机</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>销售管道</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Leave team</source>
        <translation>退出团队</translation>
    </message>
    <message>
        <source>Stop syncing this file? It keeps everything it has now and becomes a single-user file; changes not yet sent stay only here.</source>
        <translation>停止同步此文件？文件会保留现有的全部数据，成为单人使用的文件；尚未发送的更改只保存在这里。</translation>
    </message>
</context>
<context>
    <name>TeamProblems</name>
    <message>
        <source>Update FunnelDesk</source>
        <translation>请更新 FunnelDesk</translation>
    </message>
    <message>
        <source>The team&apos;s hub was set up by a newer FunnelDesk. Update FunnelDesk on this computer to sync again; your changes wait in this file.</source>
        <translation>团队中心库由更新版本的 FunnelDesk 设置。请在这台电脑上更新 FunnelDesk 后再同步；您的更改保存在本文件中等待发送。</translation>
    </message>
    <message>
        <source>Cannot reach the team&apos;s hub: check the network and the hub&apos;s address. FunnelDesk tries again by itself; your changes wait in this file.</source>
        <translation>无法连接团队中心库：请检查网络和中心库地址。FunnelDesk 会自动重试；您的更改保存在本文件中等待发送。</translation>
    </message>
    <message>
        <source>The hub refused the login: check the hub&apos;s address, your user name and your password with whoever runs the hub.</source>
        <translation>中心库拒绝了登录：请与中心库的管理员核对中心库地址、您的用户名和密码。</translation>
    </message>
    <message>
        <source>This hub is on another computer, so the connection must be encrypted and the hub&apos;s certificate verified (sslmode=verify-full). Ask whoever runs the hub for one, or, for a hub on your own office network, tick “The hub is on our office network…”.</source>
        <translation>该中心库位于另一台电脑上，因此连接必须加密并验证中心库的证书（sslmode=verify-full）。请向中心库的管理员索取证书；如果中心库在您自己的办公室内网中，请勾选“中心库在办公室内网中…”。</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
    <message>
        <source>Hub needs an upgrade</source>
        <translation>中心库需要升级</translation>
    </message>
    <message>
        <source>Hub is behind</source>
        <translation>中心库数据落后</translation>
    </message>
    <message>
        <source>The team&apos;s hub holds fewer changes than this computer has already synced: it was probably restored from an older backup. Ask whoever runs the hub; your changes wait in this file.</source>
        <translation>团队中心库里的更改比这台电脑已同步过的还少：它可能是从较旧的备份恢复的。请联系管理中心库的人；您的更改仍保存在本文件中。</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Login refused</source>
        <translation>登录被拒绝</translation>
    </message>
    <message>
        <source>Not secure</source>
        <translation>连接不安全</translation>
    </message>
    <message>
        <source>The team&apos;s hub refused the request.</source>
        <translation>团队中心库拒绝了此请求。</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>Placeholders: {name}, {company}, {label}, {years}, {ordinal}, {preference.gift}, {preference.drink} … A part in [square brackets] is left out when a value inside it is unknown.</source>
        <translation>可用占位符：{name}、{company}、{label}、{years}、{ordinal}、{preference.gift}、{preference.drink} … 方括号 [ ] 中的内容若含有未知信息，会整段省略。</translation>
    </message>
    <message>
        <source>Restore default</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <source>Template saved.</source>
        <translation>模板已保存。</translation>
    </message>
</context>
<context>
    <name>TemplatesDialog</name>
    <message>
        <source>Festival and other dates</source>
        <translation>节日及其他日期</translation>
    </message>
    <message>
        <source>Greeting templates</source>
        <translation>祝福模板</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Whose plan to show</source>
        <translation>显示谁的计划</translation>
    </message>
    <message>
        <source>Plan activity…</source>
        <translation>计划活动…</translation>
    </message>
    <message>
        <source>Greeting templates…</source>
        <translation>祝福模板…</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Nothing overdue — well done.</source>
        <translation>没有逾期事项，干得好。</translation>
    </message>
    <message>
        <source>Nothing planned today: drag an activity here or plan one.</source>
        <translation>今天暂无计划：把活动拖到这里，或新建一个。</translation>
    </message>
    <message numerus="yes">
        <source>Next %n days</source>
        <translation>
            <numerusform>未来 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing planned this week: plan the next step of each open deal.</source>
        <translation>本周暂无计划：为每个进行中的商机安排下一步。</translation>
    </message>
    <message>
        <source>Keep in touch</source>
        <translation>保持联系</translation>
    </message>
    <message>
        <source>Set “keep in touch every … days” on a customer&apos;s card.</source>
        <translation>在客户卡片上设置“每 … 天联系一次”。</translation>
    </message>
    <message>
        <source>Festivals</source>
        <translation>节日</translation>
    </message>
    <message>
        <source>Choose festivals and customers to greet: Customers ▸ Festival greetings…</source>
        <translation>选择要问候的节日和客户：客户 ▸ 节日问候…</translation>
    </message>
    <message>
        <source>Greetings</source>
        <translation>待发祝福</translation>
    </message>
    <message>
        <source>Add birthdays and anniversaries on a customer&apos;s card.</source>
        <translation>在客户卡片上添加生日和纪念日。</translation>
    </message>
    <message>
        <source>Open card</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <source>Idle deals</source>
        <translation>停滞商机</translation>
    </message>
    <message>
        <source>Every open deal has moved or had a contact recently.</source>
        <translation>所有进行中的商机最近都有推进或联系。</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>稍后提醒</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open on board</source>
        <translation>在看板中打开</translation>
    </message>
    <message>
        <source>%1 (lunar)</source>
        <translation>%1（农历）</translation>
    </message>
    <message>
        <source>Sent ✓</source>
        <translation>已发送 ✓</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>逾期 1 天</translation>
    </message>
    <message>
        <source>1 day over</source>
        <translation>超出 1 天</translation>
    </message>
    <message>
        <source>Write…</source>
        <translation>写祝福…</translation>
    </message>
    <message>
        <source>%1 days over</source>
        <translation>超出 %1 天</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>last contact %1</source>
        <translation>上次联系 %1</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>尚无联系</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <source>Plan…</source>
        <translation>计划…</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>Done…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>无关联客户</translation>
    </message>
    <message>
        <source>Greet…</source>
        <translation>问候…</translation>
    </message>
    <message>
        <source>idle %1 days</source>
        <translation>已停滞 %1 天</translation>
    </message>
    <message>
        <source>limit %1</source>
        <translation>上限 %1 天</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>商机看板</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>日程</translation>
    </message>
    <message>
        <source>Funnel</source>
        <translation>销售漏斗</translation>
    </message>
</context>
<context>
    <name>WeekGrid</name>
    <message>
        <source>all day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>另有 %1 项</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to FunnelDesk</source>
        <translation>欢迎使用 FunnelDesk</translation>
    </message>
    <message>
        <source>Start each day here: birthdays and other dates to greet, follow-ups that are due and deals that have gone quiet. Try it with demo data, or bring in your own contacts.</source>
        <translation>每天从这里开始：要送祝福的生日和纪念日、到期的跟进，以及许久没有动静的商机。可以先用演示数据体验，也可以直接导入您自己的联系人。</translation>
    </message>
    <message>
        <source>Open demo data</source>
        <translation>打开演示数据</translation>
    </message>
    <message>
        <source>Import contacts…</source>
        <translation>导入联系人…</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <source>Creating demo customers, deals and history…</source>
        <translation>正在生成演示客户、商机和联系记录…</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Opened demo data: %1</source>
        <translation>已打开演示数据：%1</translation>
    </message>
</context>
</TS>
