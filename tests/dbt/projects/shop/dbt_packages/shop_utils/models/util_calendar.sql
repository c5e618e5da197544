{{ shop_utils.calendar_spine(var('calendar_start'), var('calendar_days')) }}
