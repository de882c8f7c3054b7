import { useRef, type KeyboardEvent } from 'react';
import './tab-list.css';

export type TabListTab<V extends string> = {
  value: V;
  label: string;
  /** A number shown after the label, `Clusters (12)`; none while it is not known. */
  count?: number;
  /** The tab's id, which its panel's `aria-labelledby` names. */
  id: string;
};

type TabListProps<V extends string> = {
  /** The tab list's accessible name. */
  label: string;
  tabs: readonly TabListTab<V>[];
  value: V;
  onChange: (value: V) => void;
  /** The id of the panel the tabs control. */
  panelId: string;
};

/**
 * Tabs that choose what one panel shows, as MUI's Tabs and Tab draw them (text colours, the
 * selected tab's 2 px line) and as the WAI-ARIA tabs pattern asks: a `tablist` of `tab` buttons,
 * one Tab stop, the arrow keys, Home and End moving between the tabs, and Enter, Space or a
 * click choosing one. MUI's Tabs measures every tab in an effect to place its sliding line and
 * its scroll buttons, forcing a layout of the whole page during the first render and again when
 * a count changes a label (docs/performance.md, issue 17); here the line is the tab's own border
 * and nothing is measured. A count has room for four digits reserved, so that its arrival does
 * not move the tabs after it.
 *
 * @example
 * <TabList label="Kind of resource" value={kind} onChange={setKind} panelId={panelId}
 *   tabs={[{ value: 'cluster', label: 'Clusters', count: 2, id: clustersTabId }]} />
 */
export function TabList<V extends string>({
  label,
  tabs,
  value,
  onChange,
  panelId,
}: TabListProps<V>) {
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [])];
    const current = buttons.indexOf(document.activeElement as HTMLElement);
    if (current === -1) return;
    const last = buttons.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? current === last
          ? 0
          : current + 1
        : event.key === 'ArrowLeft'
          ? current === 0
            ? last
            : current - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    buttons[next]!.focus();
  };

  return (
    <div
      ref={list}
      className="pm-tabs"
      role="tablist"
      aria-label={label}
      aria-orientation="horizontal"
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const selected = tab.value === value;
        return (
          <button
            key={tab.value}
            type="button"
            role="tab"
            id={tab.id}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => {
              if (!selected) onChange(tab.value);
            }}
          >
            {/* One line of text: the space stays, with or without the count after it. */}
            <span>
              {tab.label}{' '}
              <span className="pm-tab-count">
                {tab.count === undefined ? '' : `(${tab.count})`}
              </span>
            </span>
          </button>
        );
      })}
    </div>
  );
}
