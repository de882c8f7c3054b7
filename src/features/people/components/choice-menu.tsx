import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState, type KeyboardEvent } from 'react';

export type Choice = { value: string; label: string };

type ChoiceMenuProps = {
  /** What is chosen, naming whose it is: "Access level of Grace Hopper". */
  label: string;
  value: string;
  choices: readonly Choice[];
  disabled?: boolean;
  /** Called only for a choice made (Enter, Space or a click) that differs from `value`. */
  onChoose: (value: string) => void;
};

/**
 * One value of a table row, changed through a menu button (the ARIA menu-button pattern with
 * `menuitemradio` items) rather than a select: moving through the choices with the arrow keys or
 * by typing a letter only moves the focus, and nothing is chosen until Enter, Space or a click.
 * A native select fires `change` on each arrow key in some browsers, and MUI's Select changes its
 * value when a letter is typed while it is closed; either would save a level or a provider that
 * was merely passed over.
 */
export function ChoiceMenu({ label, value, choices, disabled = false, onChoose }: ChoiceMenuProps) {
  const buttonId = useId();
  const menuId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = choices.find((choice) => choice.value === value)?.label ?? '';

  const open = (element: HTMLElement) => setAnchor(element);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    // The menu-button pattern: the arrows open the menu too (its checked item takes the focus).
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.currentTarget);
    }
  };

  return (
    <>
      <Button
        id={buttonId}
        variant="outlined"
        color="inherit"
        size="small"
        disabled={disabled}
        aria-label={`${label}: ${current}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        endIcon={<ArrowDropDownIcon />}
        onClick={(event) => open(event.currentTarget)}
        onKeyDown={onKeyDown}
        sx={{
          minWidth: 150,
          justifyContent: 'space-between',
          textTransform: 'none',
          fontWeight: 'normal',
          borderColor: 'divider',
        }}
      >
        {current}
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-label': label } }}
      >
        {choices.map((choice) => (
          <MenuItem
            key={choice.value}
            role="menuitemradio"
            aria-checked={choice.value === value}
            selected={choice.value === value}
            onClick={() => {
              setAnchor(null);
              if (choice.value !== value) onChoose(choice.value);
            }}
          >
            {choice.label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
