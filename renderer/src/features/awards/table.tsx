import { useId, useState } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import SvgIcon from '@mui/material/SvgIcon';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { AwardRow, AwardStatus } from '../../../../shared/contract';
import { AWARD_KIND_LABELS, DEFAULT_APPRAISAL_CONFIG } from '../../../../shared/appraisal';
import type { AppraisalConfig } from '../../../../shared/appraisal';
import type { AwardKind } from '../../../../shared/appraisal';
import { formatDay } from '../../format';

export type AwardAction = 'edit' | 'decide' | 'revoke';

const statusColors: Record<AwardStatus, 'default' | 'success' | 'warning'> = {
  推薦中: 'warning',
  決定: 'success',
  取消: 'default',
};

/** The year's award rule (its cycle's configuration; the defaults until it has loaded). */
export type AwardRule = AppraisalConfig['award'];
export const defaultAwardRule: AwardRule = DEFAULT_APPRAISAL_CONFIG.award;

/** The lowest grade group's name ends the rule: 係長級以下 (係長級 and 係員級 by default). */
function eligibleText(rule: AwardRule): string {
  return rule.eligible.includes('係長級') && rule.eligible.includes('係員級') && rule.eligible.length === 2
    ? '係長級以下'
    : rule.eligible.join('・') || '対象なし';
}

export function pointsOf(kind: AwardKind, rule: AwardRule): number {
  return kind === 'internal' ? rule.internal : rule.external;
}

/** What the award adds to each recipient's absolute score under the rule (the appraisal applies the yearly cap). */
export function bonusText(a: AwardRow, rule: AwardRule): string {
  const p = `+${pointsOf(a.kind, rule).toFixed(1)}`;
  if (a.status === '取消') return 'なし（取消）';
  if (a.status === '推薦中') return `決定後に ${p}`;
  return `${p}（${eligibleText(rule)}）`;
}

export function linkageRule(rule: AwardRule): string {
  return `職場内表彰 +${rule.internal}、人材開発センター表彰 +${rule.external}、年間 +${rule.yearlyCap} まで、${eligibleText(rule)}、表彰委員会の決定後に加点`;
}

function KindChip({ kind }: { kind: AwardKind }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={kind === 'external' ? 'secondary' : 'primary'}
      label={AWARD_KIND_LABELS[kind]}
      data-testid="award-kind"
    />
  );
}

function Recipients({ a }: { a: AwardRow }) {
  return (
    <Box>
      {a.groupName ? <Typography sx={{ fontWeight: 600, fontSize: 14 }}>{a.groupName}</Typography> : null}
      <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }} aria-label="受賞者">
        {a.recipients.map((r) => (
          <Typography
            component="li"
            key={r.staffNo}
            sx={{ fontSize: 14, whiteSpace: 'nowrap', color: a.groupName ? 'text.secondary' : 'text.primary' }}
          >
            {r.name}（{r.staffNo}）
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

/**
 * HR's actions on one award: one icon button (named for the award, its tooltip says what it holds)
 * opening a menu, so the table fits 1366 wide (keyboard: Enter, arrows).
 */
function RowActions({
  award,
  onAction,
}: {
  award: AwardRow;
  onAction: (action: AwardAction, award: AwardRow) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const choose = (action: AwardAction) => {
    setAnchor(null);
    onAction(action, award);
  };
  return (
    <>
      <Tooltip title="操作（決定・編集・取消）">
        <IconButton
          size="small"
          aria-haspopup="menu"
          aria-controls={anchor ? menuId : undefined}
          aria-expanded={anchor ? 'true' : undefined}
          aria-label={`「${award.title}」の操作`}
          onClick={(e) => setAnchor(e.currentTarget)}
          sx={{ border: 1, borderColor: 'divider' }}
        >
          <SvgIcon fontSize="small" aria-hidden>
            <path d="M12 8c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2m0 2c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2m0 6c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2" />
          </SvgIcon>
        </IconButton>
      </Tooltip>
      <Menu id={menuId} anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {award.status === '推薦中' ? <MenuItem onClick={() => choose('decide')}>決定を記録</MenuItem> : null}
        <MenuItem onClick={() => choose('edit')}>編集</MenuItem>
        <MenuItem onClick={() => choose('revoke')} sx={{ color: 'error.main' }}>
          取り消す
        </MenuItem>
      </Menu>
    </>
  );
}

/** The year's awards; HR gets the actions on each row. */
export function AwardsTable({
  rows,
  rule,
  canEdit,
  onAction,
}: {
  rows: AwardRow[];
  rule: AwardRule;
  canEdit: boolean;
  onAction: (action: AwardAction, award: AwardRow) => void;
}) {
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table
        size="small"
        aria-label="表彰の一覧"
        data-testid="awards-table"
        sx={{ '& td, & th': { px: 1.25 }, '& td:first-of-type, & th:first-of-type': { pl: 2 } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={{ minWidth: 160 }}>表彰名</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>区分</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>授与日</TableCell>
            <TableCell>受賞者</TableCell>
            <TableCell sx={{ minWidth: 90 }}>推薦者</TableCell>
            <TableCell sx={{ minWidth: 110 }}>状態</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>決定日</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>加点</TableCell>
            {canEdit ? <TableCell sx={{ whiteSpace: 'nowrap', width: 48 }}>操作</TableCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={canEdit ? 9 : 8}>
                <Typography sx={{ color: 'text.secondary', py: 2 }}>該当する表彰はありません。</Typography>
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((a) => (
            <TableRow key={a.id} data-testid="award-row" sx={{ verticalAlign: 'top' }}>
              <TableCell>
                <Typography sx={{ fontWeight: 600, fontSize: 14 }}>{a.title}</Typography>
                {a.kind === 'internal' ? (
                  <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>{a.category}</Typography>
                ) : null}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <KindChip kind={a.kind} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(a.awardedOn)}</TableCell>
              <TableCell>
                <Recipients a={a} />
              </TableCell>
              <TableCell>{a.nominator}</TableCell>
              <TableCell>
                <Chip size="small" label={a.status} color={statusColors[a.status]} data-testid="award-status" />
                {a.revokeReason ? (
                  <Typography sx={{ fontSize: 12, color: 'text.secondary', mt: 0.5, maxWidth: 220 }}>
                    理由: {a.revokeReason}
                  </Typography>
                ) : null}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(a.decidedOn)}</TableCell>
              <TableCell
                sx={{ whiteSpace: 'nowrap', color: a.status === '決定' ? 'text.primary' : 'text.secondary' }}
                data-testid="award-bonus"
              >
                {bonusText(a, rule)}
              </TableCell>
              {canEdit ? (
                <TableCell>{a.status === '取消' ? null : <RowActions award={a} onAction={onAction} />}</TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
