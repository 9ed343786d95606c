<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ClosedDealsDialog</name>
    <message numerus="yes">
        <source>%Ln closed deals match, newest first</source>
        <translation>
            <numerusform>%Ln closed deal matches</numerusform>
            <numerusform>%Ln closed deals match, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln closed deals, newest first</source>
        <translation>
            <numerusform>%Ln closed deal</numerusform>
            <numerusform>%Ln closed deals, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %1 of %Ln matching closed deals</source>
        <translation>
            <numerusform>The newest %1 of %Ln matching closed deals</numerusform>
            <numerusform>The newest %1 of %Ln matching closed deals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The newest %1 of %Ln closed deals; search to find older ones</source>
        <translation>
            <numerusform>The newest %1 of %Ln closed deals; search to find older ones</numerusform>
            <numerusform>The newest %1 of %Ln closed deals; search to find older ones</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerCardDialog</name>
    <message numerus="yes">
        <source>%Ln days over</source>
        <translation>
            <numerusform>%Ln day over</numerusform>
            <numerusform>%Ln days over</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FunnelView</name>
    <message numerus="yes">
        <source>%Ln deals created in the period</source>
        <translation>
            <numerusform>%Ln deal created in the period</numerusform>
            <numerusform>%Ln deals created in the period</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · %Ln deals · won %3</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %Ln deal · won %3</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · %Ln deals · won %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupedList</name>
    <message numerus="yes">
        <source>Show %n more…</source>
        <translation>
            <numerusform>Show %n more…</numerusform>
            <numerusform>Show %n more…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%1 · about %Ln rows · choose what each column holds; the first rows are shown.</source>
        <translation>
            <numerusform>%1 · about %Ln row · choose what each column holds; the first rows are shown.</numerusform>
            <numerusform>%1 · about %Ln rows · choose what each column holds; the first rows are shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows need a look: fix them in your file and import just those rows again.</source>
        <translation>
            <numerusform>%Ln row needs a look: fix it in your file and import just that row again.</numerusform>
            <numerusform>%Ln rows need a look: fix them in your file and import just those rows again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln contacts</source>
        <translation>
            <numerusform>Imported %Ln contact</numerusform>
            <numerusform>Imported %Ln contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped because they are already in FunnelDesk:</source>
        <translation>
            <numerusform>%Ln contact skipped because it is already in FunnelDesk:</numerusform>
            <numerusform>%Ln contacts skipped because they are already in FunnelDesk:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more</source>
        <translation>
            <numerusform>and %Ln more</numerusform>
            <numerusform>and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %Ln rows to fix to %1</source>
        <translation>
            <numerusform>Saved %Ln row to fix to %1</numerusform>
            <numerusform>Saved %Ln rows to fix to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadScorePanel</name>
    <message numerus="yes">
        <source>%n closed deals without an exchange rate left out</source>
        <translation>
            <numerusform>%n closed deal without an exchange rate left out</numerusform>
            <numerusform>%n closed deals without an exchange rate left out</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LostReasonDialog</name>
    <message numerus="yes">
        <source>Mark %n deals as lost</source>
        <translation>
            <numerusform>Mark %n deal as lost</numerusform>
            <numerusform>Mark %n deals as lost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Why were these %n deals lost?</source>
        <translation>
            <numerusform>Why was this %n deal lost?</numerusform>
            <numerusform>Why were these %n deals lost?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln customers</source>
        <translation>
            <numerusform>%Ln customer</numerusform>
            <numerusform>%Ln customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deals</source>
        <translation>
            <numerusform>%Ln open deal</numerusform>
            <numerusform>%Ln open deals</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message numerus="yes">
        <source>%Ln open deals shown (%2) · %3 · weighted %4</source>
        <translation>
            <numerusform>%Ln open deal shown (%2) · %3 · weighted %4</numerusform>
            <numerusform>%Ln open deals shown (%2) · %3 · weighted %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open deals · %3 · weighted %4</source>
        <translation>
            <numerusform>%Ln open deal · %3 · weighted %4</numerusform>
            <numerusform>%Ln open deals · %3 · weighted %4</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StageEditor</name>
    <message numerus="yes">
        <source>“%1” holds %Ln deals. Move them to:</source>
        <translation>
            <numerusform>“%1” holds %Ln deal. Move it to:</numerusform>
            <numerusform>“%1” holds %Ln deals. Move them to:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncButton</name>
    <message numerus="yes">
        <source>%n conflicts</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsent</source>
        <translation>
            <numerusform>%n unsent</numerusform>
            <numerusform>%n unsent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message numerus="yes">
        <source>Next %n days</source>
        <translation>
            <numerusform>Next %n day</numerusform>
            <numerusform>Next %n days</numerusform>
        </translation>
    </message>
</context>
</TS>
